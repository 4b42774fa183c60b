using A = Janus.Media.Sdp.SdpAttributeNames;

namespace Janus.Media.Sdp;

/// <summary>
/// The core's two SDP steps around a plugin: <see cref="MergeLocal"/> completes the SDP a plugin pushes with our
/// ICE, DTLS and stream attributes; <see cref="TryExtractRemote"/> reads what we need from the peer's SDP.
/// Pure functions: thread-safe, the input is never changed.
/// </summary>
public static class SdpTransport
{
    /// <summary>Attributes that describe the writer's own transport or streams: a plugin's copy of the peer's must go.</summary>
    private static readonly string[] s_transportAttributes =
    [
        A.IceUfrag, A.IcePwd, A.IceOptions, A.IceLite, A.Fingerprint, A.Setup, A.Candidate, A.EndOfCandidates,
        A.Rtcp, A.RtcpMux, A.Ssrc, A.SsrcGroup, A.Msid, "crypto", "ice-mismatch", "remote-candidates",
    ];

    public static SessionDescription MergeLocal(SessionDescription pluginSdp, SdpLocalTransport local)
    {
        var sdp = pluginSdp.Clone();
        sdp.Origin = new SdpOrigin(
            "-",
            local.SessionId is { } id ? SdpTokens.Invariant(id) : sdp.Origin.SessionId,
            local.SessionVersion is { } version ? SdpTokens.Invariant(version) : sdp.Origin.SessionVersion,
            "IN", SdpOrigin.AddressTypeOf(local.Address), local.Address);
        if (sdp.Connection is not null)
            sdp.Connection = SdpConnection.For(local.Address);

        StripTransport(sdp.Attributes);
        sdp.Attributes.RemoveAll(a => a.Name == A.MsidSemantic || (a.Name == A.Group && a.Value?.TrimStart().StartsWith(SdpGroup.Bundle, StringComparison.Ordinal) == true));

        var bundle = new List<string>();
        bool anyMsid = false;
        int audioCount = 0, videoCount = 0;
        foreach (var media in sdp.Media)
        {
            int kindIndex = media.Kind == SdpMediaKind.Audio ? audioCount++ : media.Kind == SdpMediaKind.Video ? videoCount++ : 0;
            StripTransport(media.Attributes);
            media.Connection = SdpConnection.For(media.IsRejected ? "0.0.0.0" : local.Address);
            if (media.IsRejected)
                continue;
            if (media.Mid is { } mid)
                bundle.Add(mid);
            AddTransport(media, local);
            anyMsid |= AddOutgoingStream(media, kindIndex, local);
            foreach (var candidate in local.Candidates)
                media.Attributes.Add(A.Candidate, candidate.StartsWith("candidate:", StringComparison.Ordinal) ? candidate["candidate:".Length..] : candidate);
            if (local.EndOfCandidates)
                media.Attributes.Add(A.EndOfCandidates);
        }

        int insertAt = 0;
        if (local.IceLite)
            sdp.Attributes.Insert(insertAt++, new SdpAttribute(A.IceLite));
        if (bundle.Count > 0)
            sdp.Attributes.Insert(insertAt++, new SdpAttribute(A.Group, new SdpGroup(SdpGroup.Bundle, bundle).ToString()));
        if (anyMsid)
            sdp.Attributes.Insert(insertAt, new SdpAttribute(A.MsidSemantic, new SdpMsidSemantic("WMS", [local.MediaStreamId]).ToString()));
        return sdp;
    }

    private static void StripTransport(SdpAttributeList attributes) =>
        attributes.RemoveAll(a => Array.IndexOf(s_transportAttributes, a.Name) >= 0);

    /// <summary>
    /// Our ICE and DTLS attributes go right after the direction and mid, where browsers put theirs. rtcp-mux is
    /// always written for RTP: WebRTC requires it (RFC 8829 §5.1.3) and the core only muxes.
    /// </summary>
    private static void AddTransport(MediaDescription media, SdpLocalTransport local)
    {
        int index = 0;
        while (index < media.Attributes.Count
               && (media.Attributes[index].Name == A.Mid || (media.Attributes[index].IsFlag && SdpDirections.IsDirectionName(media.Attributes[index].Name))))
            index++;
        var block = new List<SdpAttribute>();
        if (media.IsRtp)
            block.Add(new SdpAttribute(A.RtcpMux));
        block.Add(new SdpAttribute(A.IceUfrag, local.IceUfrag));
        block.Add(new SdpAttribute(A.IcePwd, local.IcePwd));
        if (local.Trickle)
            block.Add(new SdpAttribute(A.IceOptions, "trickle"));
        block.Add(new SdpAttribute(A.Fingerprint, new SdpFingerprint(local.FingerprintAlgorithm, local.Fingerprint).ToString()));
        if (local.Setup.ToAttributeValue() is { } setup)
            block.Add(new SdpAttribute(A.Setup, setup));
        foreach (var attribute in block)
            media.Attributes.Insert(index++, attribute);
    }

    /// <summary>msid and SSRC lines for a stream we send (RFC 8830 §2, RFC 5576 §4); returns whether it wrote any.</summary>
    private static bool AddOutgoingStream(MediaDescription media, int kindIndex, SdpLocalTransport local)
    {
        if (!media.IsRtp || !media.Direction.Sends() || media.Mid is not { } mid)
            return false;
        if (local.Streams is null || !local.Streams.TryGetValue(mid, out var stream))
            return false;
        var track = stream.TrackId ?? "janus" + (media.Kind == SdpMediaKind.Audio ? "a" : "v") + SdpTokens.Invariant(kindIndex);
        var msid = new SdpMsid(local.MediaStreamId, track).ToString();
        media.Attributes.Add(A.Msid, msid);
        if (stream.RtxSsrc is { } rtx)
            media.Attributes.Add(A.SsrcGroup, new SdpSsrcGroup(SdpSsrcGroup.Fid, [stream.Ssrc, rtx]).ToString());
        AddSsrcLines(media, stream.Ssrc, local.Cname, msid);
        if (stream.RtxSsrc is { } rtxSsrc)
            AddSsrcLines(media, rtxSsrc, local.Cname, msid);
        return true;
    }

    private static void AddSsrcLines(MediaDescription media, uint ssrc, string cname, string msid)
    {
        media.Attributes.Add(A.Ssrc, new SdpSsrc(ssrc, "cname", cname).ToString());
        media.Attributes.Add(A.Ssrc, new SdpSsrc(ssrc, "msid", msid).ToString());
    }

    /// <summary>
    /// Reads ICE credentials, DTLS fingerprint and role, candidates and per-m-line routing facts from a peer's SDP.
    /// Fails (Janus: 465) when there is no m-line, or no ICE credentials or fingerprint for the accepted ones.
    /// Media-level values win over session-level ones (RFC 8839 §5.4); the first accepted m-line speaks for a bundle.
    /// </summary>
    public static bool TryExtractRemote(SessionDescription sdp, out SdpRemoteTransport? remote, out string? error)
    {
        remote = null;
        error = null;
        if (sdp.Media.Count == 0)
        {
            error = "No m-lines";
            return false;
        }
        MediaDescription? first = null;
        foreach (var media in sdp.Media)
        {
            if (!media.IsRejected)
            {
                first = media;
                break;
            }
        }
        if (first is null)
        {
            error = "Every m-line is rejected";
            return false;
        }
        var ufrag = first.IceUfrag ?? sdp.IceUfrag;
        var pwd = first.IcePwd ?? sdp.IcePwd;
        if (string.IsNullOrEmpty(ufrag) || string.IsNullOrEmpty(pwd))
        {
            error = "Missing ICE credentials";
            return false;
        }
        var fingerprint = first.Fingerprint ?? sdp.Fingerprint;
        if (fingerprint is null)
        {
            error = "Missing DTLS fingerprint";
            return false;
        }
        var setup = first.Setup != SdpSetup.None ? first.Setup : sdp.Setup;
        bool trickle = Contains(first.IceOptions, "trickle") || Contains(sdp.IceOptions, "trickle");

        var candidates = new List<SdpRemoteCandidate>();
        var medias = new List<SdpRemoteMedia>();
        bool endOfCandidates = sdp.Attributes.Has(A.EndOfCandidates);
        for (int index = 0; index < sdp.Media.Count; index++)
        {
            var media = sdp.Media[index];
            foreach (var candidate in media.Candidates)
                candidates.Add(new SdpRemoteCandidate(index, media.Mid, candidate));
            endOfCandidates |= media.EndOfCandidates;
            medias.Add(Describe(index, media));
        }
        remote = new SdpRemoteTransport(ufrag, pwd, fingerprint, setup, sdp.IceLite, trickle, candidates, endOfCandidates,
            sdp.BundleGroup?.Mids ?? [], medias);
        return true;
    }

    private static SdpRemoteMedia Describe(int index, MediaDescription media)
    {
        bool isRtp = media.IsRtp;
        uint? ssrc = isRtp ? media.GetPrimarySsrc() : null;
        uint? rtxSsrc = ssrc is { } s && media.GetRtxSsrcs().TryGetValue(s, out var r) ? r : null;
        return new SdpRemoteMedia(
            index,
            media.Mid,
            media.Kind,
            media.Direction == SdpDirection.None ? SdpDirection.SendRecv : media.Direction,
            media.IsRejected,
            media.PayloadTypes,
            isRtp ? media.GetNegotiatedCodec() : null,
            isRtp ? media.GetRtxPayloadTypes() : new Dictionary<int, int>(),
            ssrc,
            rtxSsrc,
            media.GetSimulcastInfo(),
            media.GetExtensionIds(),
            media.IsDataChannel ? media.SctpPort ?? ParseLegacyPort(media) : null,
            media.MaxMessageSize);
    }

    /// <summary>The legacy form carries the SCTP port as the m-line format (<c>DTLS/SCTP 5000</c>).</summary>
    private static int? ParseLegacyPort(MediaDescription media) =>
        media.Formats.Count > 0 && SdpTokens.TryInt(media.Formats[0], 0, 65535, out int port) ? port : null;

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        foreach (var item in list)
        {
            if (item == value)
                return true;
        }
        return false;
    }
}
