namespace Janus.Media.Sdp;

/// <summary>Codec, RTX, simulcast and header-extension views of a media section.</summary>
public sealed partial class MediaDescription
{
    /// <summary>Every payload type of the m-line, in m-line order, with its rtpmap (or static mapping), fmtp and feedback.</summary>
    public List<SdpCodec> GetCodecs()
    {
        var maps = RtpMaps;
        var fmtps = Fmtps;
        var feedbacks = RtcpFeedbacks;
        var codecs = new List<SdpCodec>();
        foreach (int pt in PayloadTypes)
        {
            SdpRtpMap? map = null;
            foreach (var candidate in maps)
            {
                if (candidate.PayloadType == pt)
                {
                    map = candidate;
                    break;
                }
            }
            map ??= SdpCodecCatalog.StaticRtpMap(pt);
            if (map is null)
                continue;
            string? fmtp = null;
            foreach (var candidate in fmtps)
            {
                if (candidate.PayloadType == pt)
                {
                    fmtp = candidate.Parameters;
                    break;
                }
            }
            var applying = new List<SdpRtcpFeedback>();
            foreach (var feedback in feedbacks)
            {
                if (feedback.AppliesTo(pt))
                    applying.Add(feedback);
            }
            codecs.Add(new SdpCodec(pt, map.EncodingName, map.ClockRate, map.Channels, fmtp, applying));
        }
        return codecs;
    }

    /// <summary>
    /// The codec this m-line carries media with: the first non-auxiliary payload type (in an answer, the one chosen;
    /// in an offer, the one preferred). Null for data channels or when nothing is known.
    /// </summary>
    public SdpCodec? GetNegotiatedCodec()
    {
        foreach (var codec in GetCodecs())
        {
            if (!codec.IsAuxiliary)
                return codec;
        }
        return null;
    }

    /// <summary>Media payload type → its RTX payload type (from <c>a=fmtp:R apt=P</c>, RFC 4588 §8.6).</summary>
    public Dictionary<int, int> GetRtxPayloadTypes()
    {
        var map = new Dictionary<int, int>();
        foreach (var codec in GetCodecs())
        {
            if (codec.AssociatedPayloadType is { } apt)
                map.TryAdd(apt, codec.PayloadType);
        }
        return map;
    }

    /// <summary>Primary SSRC → RTX SSRC, from <c>a=ssrc-group:FID</c> (RFC 4588 §8.7).</summary>
    public Dictionary<uint, uint> GetRtxSsrcs()
    {
        var map = new Dictionary<uint, uint>();
        foreach (var group in SsrcGroups)
        {
            if (group.Semantics == SdpSsrcGroup.Fid && group.Ssrcs.Count == 2)
                map.TryAdd(group.Ssrcs[0], group.Ssrcs[1]);
        }
        return map;
    }

    /// <summary>Header extension URI → id for every <c>a=extmap</c> of the section.</summary>
    public Dictionary<string, int> GetExtensionIds()
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var extmap in Extmaps)
            map.TryAdd(extmap.Uri, extmap.Id);
        return map;
    }

    /// <summary>
    /// The first SSRC the peer announces for its media: the first of a SIM group, else the first of a FID group,
    /// else the first <c>a=ssrc</c>. Null when the peer sends no SSRC lines (rid-based or unified-plan without ssrcs).
    /// </summary>
    public uint? GetPrimarySsrc()
    {
        uint? fid = null;
        foreach (var group in SsrcGroups)
        {
            if (group.Ssrcs.Count == 0)
                continue;
            if (group.Semantics == SdpSsrcGroup.Sim)
                return group.Ssrcs[0];
            if (group.Semantics == SdpSsrcGroup.Fid)
                fid ??= group.Ssrcs[0];
        }
        if (fid is not null)
            return fid;
        var ssrcs = Ssrcs;
        return ssrcs.Count > 0 ? ssrcs[0].Ssrc : null;
    }

    /// <summary>How the peer sends simulcast in this section, if it does (SSRC-based SIM group or RFC 8853 rids).</summary>
    public SdpSimulcastInfo GetSimulcastInfo()
    {
        var ssrcs = new List<uint>();
        foreach (var group in SsrcGroups)
        {
            if (group.Semantics == SdpSsrcGroup.Sim)
            {
                ssrcs.AddRange(group.Ssrcs);
                break;
            }
        }
        var rtx = GetRtxSsrcs();
        var rtxSsrcs = new List<uint?>(ssrcs.Count);
        foreach (var ssrc in ssrcs)
            rtxSsrcs.Add(rtx.TryGetValue(ssrc, out var r) ? r : null);

        var rids = new List<string>();
        var paused = new List<bool>();
        if (Simulcast is { } simulcast && simulcast.Send.Count > 0)
        {
            foreach (var rid in simulcast.SendRids)
            {
                rids.Add(rid.Id);
                paused.Add(rid.Paused);
            }
        }
        else
        {
            foreach (var rid in Rids)
            {
                if (rid.Direction == SdpRidDirection.Send)
                {
                    rids.Add(rid.Id);
                    paused.Add(false);
                }
            }
        }
        return new SdpSimulcastInfo(ssrcs, rtxSsrcs, rids, paused, GetExtensionId(SdpRtpExtensions.Rid), GetExtensionId(SdpRtpExtensions.RepairedRid));
    }
}
