using A = Janus.Media.Sdp.SdpAttributeNames;

namespace Janus.Media.Sdp;

/// <summary>
/// Writes an offer from a plugin's wishes (as Janus's janus_sdp_generate_offer does): one codec per m-line with
/// its RTX, the feedback and header extensions asked for, directions, a data channel, and everything bundled.
/// ICE and DTLS attributes come later from <see cref="SdpTransport.MergeLocal"/>. Pure function: thread-safe.
/// </summary>
public static class SdpOffers
{
    public static SessionDescription Create(SdpOfferOptions options)
    {
        var offer = new SessionDescription
        {
            Origin = SdpOrigin.Create(options.SessionId ?? SdpRandom.SessionId(), options.SessionVersion, "127.0.0.1"),
        };
        var extensionIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < options.Extensions.Count && i < 14; i++)
            extensionIds.TryAdd(options.Extensions[i], extensionIds.Count + 1);

        var mids = new List<string>();
        foreach (var medium in options.Media)
        {
            var mid = medium.Mid ?? SdpTokens.Invariant(offer.Media.Count);
            offer.Media.Add(CreateRtp(medium, mid, options, extensionIds));
            mids.Add(mid);
        }
        if (options.Data)
        {
            var mid = options.DataMid ?? SdpTokens.Invariant(offer.Media.Count);
            var data = new MediaDescription("application", 9, SdpProtocols.SctpDataChannel, [SdpProtocols.DataChannelFormat])
            {
                Connection = SdpConnection.For("0.0.0.0"),
            };
            data.Attributes.Add(A.Mid, mid);
            data.Attributes.Add(A.SctpPort, "5000");
            data.Attributes.Add(A.MaxMessageSize, SdpTokens.Invariant(options.MaxMessageSize));
            offer.Media.Add(data);
            mids.Add(mid);
        }
        if (mids.Count > 0)
            offer.Attributes.Add(A.Group, new SdpGroup(SdpGroup.Bundle, mids).ToString());
        return offer;
    }

    private static MediaDescription CreateRtp(SdpOfferMedium medium, string mid, SdpOfferOptions options, Dictionary<string, int> extensionIds)
    {
        var entry = SdpCodecCatalog.Find(medium.Codec);
        if (entry is null || entry.Kind != medium.Kind)
            throw new ArgumentException($"Unknown {medium.Kind} codec '{medium.Codec}'", nameof(medium));
        int pt = medium.PayloadType ?? entry.PayloadType;
        string? fmtp = medium.Fmtp ?? DefaultFmtp(entry, medium);

        var formats = new List<string> { SdpTokens.Invariant(pt) };
        int? rtxPt = medium.Rtx ? FreePayloadType(pt + 1, pt) : null;
        if (rtxPt is { } r)
            formats.Add(SdpTokens.Invariant(r));
        int? dtmfPt = medium.Dtmf && medium.Kind == SdpMediaKind.Audio ? FreePayloadType(126, pt, rtxPt) : null;
        if (dtmfPt is { } d)
            formats.Add(SdpTokens.Invariant(d));

        var kind = medium.Kind == SdpMediaKind.Audio ? "audio" : "video";
        var media = new MediaDescription(kind, 9, SdpProtocols.RtpSavpf, formats) { Connection = SdpConnection.For("0.0.0.0") };
        var a = media.Attributes;
        a.Add(medium.Direction.ToAttributeName() ?? "sendrecv");
        a.Add(A.Mid, mid);
        a.Add(A.RtcpMux);
        if (medium.Kind == SdpMediaKind.Video)
            a.Add(A.RtcpRsize);
        a.Add(A.RtpMap, new SdpRtpMap(pt, entry.EncodingName, entry.ClockRate, entry.Channels).ToString());
        foreach (var kindOfFeedback in options.RtcpFeedback)
        {
            // Audio gets transport-cc only, as browsers do: NACK/PLI/FIR/REMB make no sense for it.
            if (medium.Kind == SdpMediaKind.Audio && kindOfFeedback != SdpRtcpFeedbackKinds.TransportCc)
                continue;
            a.Add(A.RtcpFb, SdpTokens.Invariant(pt) + " " + kindOfFeedback);
        }
        if (fmtp is not null)
            a.Add(A.Fmtp, new SdpFmtp(pt, fmtp).ToString());
        if (rtxPt is { } rtx)
        {
            a.Add(A.RtpMap, new SdpRtpMap(rtx, "rtx", entry.ClockRate).ToString());
            a.Add(A.Fmtp, new SdpFmtp(rtx, "apt=" + SdpTokens.Invariant(pt)).ToString());
        }
        if (dtmfPt is { } dtmf)
            a.Add(A.RtpMap, new SdpRtpMap(dtmf, "telephone-event", entry.ClockRate).ToString());
        foreach (var (uri, id) in extensionIds)
        {
            if (SdpRtpExtensions.FitsKind(uri, medium.Kind))
                a.Add(A.Extmap, new SdpExtmap(id, uri).ToString());
        }
        if (medium.Kind == SdpMediaKind.Video && medium.ReceiveSimulcastRids.Count > 0)
        {
            foreach (var rid in medium.ReceiveSimulcastRids)
                a.Add(A.Rid, new SdpRid(rid, SdpRidDirection.Recv).ToString());
            a.Add(A.Simulcast, SdpSimulcast.ForRecv(medium.ReceiveSimulcastRids).ToString());
        }
        return media;
    }

    private static string? DefaultFmtp(SdpCodecCatalog.Entry entry, SdpOfferMedium medium) => entry.Name switch
    {
        "vp9" when medium.Vp9Profile is not null => "profile-id=" + medium.Vp9Profile,
        "h264" when medium.H264ProfileLevelId is not null =>
            "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=" + medium.H264ProfileLevelId,
        _ => entry.Fmtp,
    };

    /// <summary>A dynamic payload type (96-127, RFC 3551 §6) not already taken, starting from a wish.</summary>
    private static int FreePayloadType(int wish, int taken, int? alsoTaken = null)
    {
        for (int i = 0; i < 32; i++)
        {
            int candidate = 96 + ((Math.Max(wish, 96) - 96 + i) % 32);
            if (candidate != taken && candidate != alsoTaken)
                return candidate;
        }
        return 127;
    }
}
