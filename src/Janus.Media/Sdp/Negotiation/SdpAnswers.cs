using A = Janus.Media.Sdp.SdpAttributeNames;

namespace Janus.Media.Sdp;

/// <summary>
/// Builds the answer a plugin gives to an offer (RFC 3264 §6, RFC 8829 §5.3): one m-line per offered m-line,
/// same order and mids, one codec chosen per m-line (with its RTX), feedback and header extensions filtered,
/// directions mirrored, refused media at port 0, and a BUNDLE group of what was accepted.
/// The result carries no ICE or DTLS attributes: <see cref="SdpTransport.MergeLocal"/> adds ours.
/// Pure function: safe to call from any thread.
/// </summary>
public static class SdpAnswers
{
    private const string AnyAddress = "0.0.0.0";

    public static SessionDescription Create(SessionDescription offer, SdpAnswerOptions? options = null)
    {
        options ??= new SdpAnswerOptions();
        var answer = new SessionDescription
        {
            Origin = SdpOrigin.Create(options.SessionId ?? SdpRandom.SessionId(), 2, "127.0.0.1"),
        };

        var accepted = new List<string>();
        foreach (var offered in offer.Media)
        {
            var media = AnswerMedia(offered, options);
            answer.Media.Add(media);
            if (!media.IsRejected && media.Mid is { } mid)
                accepted.Add(mid);
        }

        // Bundle what the offer bundled and we kept (RFC 8843 §7.3.1).
        if (offer.BundleGroup is { } offeredBundle)
        {
            var mids = new List<string>();
            foreach (var mid in offeredBundle.Mids)
            {
                if (accepted.Contains(mid))
                    mids.Add(mid);
            }
            if (mids.Count > 0)
                answer.Attributes.Add(A.Group, new SdpGroup(SdpGroup.Bundle, mids).ToString());
        }
        if (offer.ExtmapAllowMixed)
            answer.Attributes.Add(A.ExtmapAllowMixed);
        return answer;
    }

    private static MediaDescription AnswerMedia(MediaDescription offered, SdpAnswerOptions options)
    {
        if (offered.IsRejected)
            return Reject(offered);
        switch (offered.Kind)
        {
            case SdpMediaKind.Audio or SdpMediaKind.Video when offered.IsRtp:
                var medium = MediumOptions(offered, options);
                return medium.Accept ? AnswerRtp(offered, medium, options) ?? Reject(offered) : Reject(offered);
            case SdpMediaKind.Application when offered.IsDataChannel:
                return options.Data ? AnswerData(offered, options) : Reject(offered);
            default:
                return Reject(offered);
        }
    }

    private static SdpMediumAnswerOptions MediumOptions(MediaDescription offered, SdpAnswerOptions options)
    {
        if (options.ByMid is { } byMid && offered.Mid is { } mid && byMid.TryGetValue(mid, out var specific))
            return specific;
        return offered.Kind == SdpMediaKind.Audio ? options.Audio : options.Video;
    }

    /// <summary>Port 0, one format, the mid kept so the peer can match it (RFC 8829 §5.3.1, RFC 3264 §6).</summary>
    internal static MediaDescription Reject(MediaDescription offered)
    {
        var formats = offered.Formats.Count > 0 ? [offered.Formats[0]] : new List<string> { "0" };
        var media = new MediaDescription(offered.MediaType, 0, offered.Protocol, formats)
        {
            Connection = SdpConnection.For(AnyAddress),
        };
        if (offered.IsRtp)
            media.Attributes.Add("inactive");
        if (offered.Mid is { } mid)
            media.Attributes.Add(A.Mid, mid);
        return media;
    }

    private static MediaDescription? AnswerRtp(MediaDescription offered, SdpMediumAnswerOptions medium, SdpAnswerOptions options)
    {
        var codecs = offered.GetCodecs();
        var preferences = medium.Codecs ?? (offered.Kind == SdpMediaKind.Audio ? SdpCodecCatalog.DefaultAudio : SdpCodecCatalog.DefaultVideo);
        var chosen = SdpCodecChooser.Choose(codecs, preferences, medium);
        if (chosen is null)
            return null;

        var kept = new List<SdpCodec> { chosen };
        foreach (var codec in codecs)
        {
            if (medium.Rtx && codec.AssociatedPayloadType == chosen.PayloadType)
            {
                kept.Add(codec);
                break;
            }
        }
        if (medium.Dtmf && offered.Kind == SdpMediaKind.Audio)
        {
            foreach (var codec in codecs)
            {
                if (codec.Name.Equals("telephone-event", StringComparison.OrdinalIgnoreCase) && codec.ClockRate == chosen.ClockRate)
                {
                    kept.Add(codec);
                    break;
                }
            }
        }

        var formats = new List<string>(kept.Count);
        foreach (var codec in kept)
            formats.Add(SdpTokens.Invariant(codec.PayloadType));
        var media = new MediaDescription(offered.MediaType, 9, offered.Protocol, formats) { Connection = SdpConnection.For(AnyAddress) };
        var a = media.Attributes;
        var direction = SdpDirections.AnswerTo(offered.Direction, medium.Direction);
        a.Add(direction.ToAttributeName()!);
        if (offered.Mid is { } mid)
            a.Add(A.Mid, mid);
        if (offered.RtcpMux)
            a.Add(A.RtcpMux);
        if (offered.RtcpRsize)
            a.Add(A.RtcpRsize);
        if (offered.ExtmapAllowMixed)
            a.Add(A.ExtmapAllowMixed);

        foreach (var codec in kept)
        {
            a.Add(A.RtpMap, new SdpRtpMap(codec.PayloadType, codec.Name, codec.ClockRate, codec.Channels).ToString());
            if (!codec.IsAuxiliary)
            {
                // Only feedback written for this payload type is kept; a wildcard line would also cover the RTX one.
                foreach (var feedback in codec.Feedback)
                {
                    if (Contains(options.RtcpFeedback, feedback.Kind))
                        a.Add(A.RtcpFb, new SdpRtcpFeedback(codec.PayloadType, feedback.Type, feedback.Parameter).ToString());
                }
            }
            if (codec.Fmtp is { } fmtp && (codec.IsAuxiliary || medium.CopyFmtp))
                a.Add(A.Fmtp, new SdpFmtp(codec.PayloadType, fmtp).ToString());
        }

        foreach (var extmap in offered.Extmaps)
        {
            if (!Contains(options.Extensions, extmap.Uri))
                continue;
            // A direction on an offered extension is answered from our side (RFC 8285 §6).
            var extDirection = extmap.Direction == SdpDirection.None ? SdpDirection.None : extmap.Direction.Reverse();
            a.Add(A.Extmap, new SdpExtmap(extmap.Id, extmap.Uri, extDirection).ToString());
        }

        if (medium.Simulcast && offered.Kind == SdpMediaKind.Video && direction.Receives())
            AnswerSimulcast(offered, media);
        return media;
    }

    /// <summary>The peer sends rids: we receive them (RFC 8853 §5.3, RFC 8851 §6).</summary>
    private static void AnswerSimulcast(MediaDescription offered, MediaDescription media)
    {
        var simulcast = offered.Simulcast;
        if (simulcast is null || simulcast.Send.Count == 0)
            return;
        var sendRids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rid in offered.Rids)
        {
            if (rid.Direction == SdpRidDirection.Send)
                sendRids.Add(rid.Id);
        }
        var streams = new List<IReadOnlyList<SdpSimulcastRid>>();
        foreach (var stream in simulcast.Send)
        {
            var alternatives = new List<SdpSimulcastRid>();
            foreach (var alternative in stream)
            {
                if (sendRids.Contains(alternative.Id))
                    alternatives.Add(alternative);
            }
            if (alternatives.Count > 0)
                streams.Add(alternatives);
        }
        if (streams.Count == 0)
            return;
        foreach (var stream in streams)
        {
            foreach (var alternative in stream)
                media.Attributes.Add(A.Rid, new SdpRid(alternative.Id, SdpRidDirection.Recv).ToString());
        }
        media.Attributes.Add(A.Simulcast, new SdpSimulcast([], streams).ToString());
    }

    private static MediaDescription AnswerData(MediaDescription offered, SdpAnswerOptions options)
    {
        MediaDescription media;
        if (offered.IsLegacyDataChannel)
        {
            var format = offered.Formats.Count > 0 ? offered.Formats[0] : "5000";
            media = new MediaDescription(offered.MediaType, 9, offered.Protocol, [format]) { Connection = SdpConnection.For(AnyAddress) };
            if (offered.Mid is { } legacyMid)
                media.Attributes.Add(A.Mid, legacyMid);
            var map = offered.SctpMap ?? new SdpSctpMap(5000, SdpProtocols.DataChannelFormat, 16);
            media.Attributes.Add(A.SctpMap, map.ToString());
            return media;
        }
        media = new MediaDescription(offered.MediaType, 9, offered.Protocol, [SdpProtocols.DataChannelFormat]) { Connection = SdpConnection.For(AnyAddress) };
        if (offered.Mid is { } mid)
            media.Attributes.Add(A.Mid, mid);
        media.Attributes.Add(A.SctpPort, SdpTokens.Invariant(offered.SctpPort ?? 5000));
        media.Attributes.Add(A.MaxMessageSize, SdpTokens.Invariant(options.MaxMessageSize));
        return media;
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        foreach (var item in list)
        {
            if (string.Equals(item, value, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }
}
