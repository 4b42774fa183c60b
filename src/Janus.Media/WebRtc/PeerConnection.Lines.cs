using System.Security.Cryptography;
using Janus.Media.Rtp.Codecs;
using Janus.Media.Sdp;

namespace Janus.Media.WebRtc;

internal sealed partial class PeerConnection
{
    // Called under _lock. m-lines are matched by index: both sides keep the offer's order (RFC 8829 §5.3.1).
    private void UpdateLinesFromRemote(SdpRemoteTransport remote)
    {
        MediaLine[] old = _lines;
        var lines = new MediaLine[remote.Media.Count];
        for (int i = 0; i < remote.Media.Count; i++)
        {
            SdpRemoteMedia m = remote.Media[i];
            MediaLine line = i < old.Length && old[i].Mid == (m.Mid ?? i.ToString()) ? old[i] : NewLine(i, m.Mid ?? i.ToString(), m.Kind);
            line.Rejected = m.Rejected;
            line.PeerSends = !m.Rejected && m.Direction is SdpDirection.SendRecv or SdpDirection.SendOnly or SdpDirection.None;
            line.PayloadTypes = m.PayloadTypes.ToArray();
            line.RtxPayloadTypes = RtxToOriginal(m.RtxPayloadTypes);
            UpdateInboundStreams(line, m);
            if (m.Codec is { } codec)
            {
                line.Codec = codec;
                line.ClockRate = codec.ClockRate;
                line.RemoteNack = HasGenericNack(codec.Feedback);
            }
            line.RemoteTransportCcId = m.ExtensionIds.TryGetValue(SdpRtpExtensions.TransportWideCc, out int twcc) ? twcc : 0;
            line.DependencyDescriptorExtensionId = m.ExtensionIds.TryGetValue(SdpRtpExtensions.DependencyDescriptor, out int dd) ? dd : 0;
            line.RefreshNegotiatedFeedback();
            if (m.Kind == SdpMediaKind.Application)
            {
                _sctpRemotePort = m.SctpPort ?? 5000;
                _remoteMaxMessageSize = m.MaxMessageSize ?? 65536;
            }
            lines[i] = line;
        }
        _lines = lines;
    }

    // Called under _lock: what we send, from the plugin's SDP (its directions and codecs).
    private void UpdateLinesFromLocal(SessionDescription sdp)
    {
        MediaLine[] old = _lines;
        var lines = new MediaLine[sdp.Media.Count];
        for (int i = 0; i < sdp.Media.Count; i++)
        {
            MediaDescription m = sdp.Media[i];
            string mid = m.Mid ?? i.ToString();
            MediaLine line = i < old.Length && old[i].Mid == mid ? old[i] : NewLine(i, mid, m.Kind);
            SdpDirection direction = m.Direction;
            line.WeSend = m.Port != 0 && direction is SdpDirection.SendRecv or SdpDirection.SendOnly or SdpDirection.None;
            if (m.Port == 0)
            {
                line.Rejected = true;
            }
            if (line.IsRtp && line.RtxPayloadTypes.Count == 0)
            {
                line.RtxPayloadTypes = RtxToOriginal(m.GetRtxPayloadTypes());
            }
            if (line.PayloadTypes.Length == 0)
            {
                line.PayloadTypes = m.PayloadTypes.ToArray();
            }
            if (line.IsVideo)
            {
                var codecs = new RtpVideoCodec[128];
                foreach (int pt in m.PayloadTypes)
                {
                    if (pt is >= 0 and < 128 && m.GetRtpMap(pt) is { } map)
                    {
                        codecs[pt] = MediaLine.VideoCodecOf(map.EncodingName);
                    }
                }
                line.CodecByPayloadType = codecs;
            }
            // When we answer, our first codec is the one in use (an offer's first is only a preference, and the
            // answer applied after it corrects this).
            if (line.IsRtp && m.Port != 0 && m.GetNegotiatedCodec() is { } chosen)
            {
                line.Codec = chosen;
                line.ClockRate = chosen.ClockRate;
            }
            if (line.IsRtp)
            {
                line.LocalNack = HasGenericNack(m.RtcpFeedbacks);
                line.LocalTransportCc = m.GetExtensionId(SdpRtpExtensions.TransportWideCc) is not null;
                if (line.ClockRate == 0 && m.PayloadTypes.Count > 0)
                {
                    line.ClockRate = m.GetRtpMap(m.PayloadTypes[0])?.ClockRate ?? 0;
                }
                line.RefreshNegotiatedFeedback();
            }
            lines[i] = line;
        }
        // The peer's description may list m-lines we have not seen yet (it offered more): keep them.
        for (int i = sdp.Media.Count; i < old.Length; i++)
        {
            Array.Resize(ref lines, old.Length);
            lines[i] = old[i];
        }
        _lines = lines;
    }

    // The streams the peer will send: one, or up to three simulcast substreams, lowest quality first. A SIM group
    // lists the low layer first; rids come in the order of a=simulcast, which senders write high to low, so Janus
    // (and we) reverse them.
    private static void UpdateInboundStreams(MediaLine line, SdpRemoteMedia m)
    {
        SdpSimulcastInfo simulcast = m.Simulcast;
        InboundStream[] streams;
        if (m.Kind == SdpMediaKind.Video && simulcast.IsSimulcast && !simulcast.UsesRids)
        {
            streams = new InboundStream[Math.Min(3, simulcast.Ssrcs.Count)];
            for (int i = 0; i < streams.Length; i++)
            {
                streams[i] = Reuse(line.Inbound, i, null) ?? new InboundStream(i, null);
                streams[i].Ssrc = simulcast.Ssrcs[i];
                if (simulcast.RtxSsrcs[i] is uint rtx)
                {
                    streams[i].RtxSsrc = rtx;
                }
            }
        }
        else if (m.Kind == SdpMediaKind.Video && simulcast.IsSimulcast)
        {
            int count = Math.Min(3, simulcast.Rids.Count);
            streams = new InboundStream[count];
            for (int i = 0; i < count; i++)
            {
                string rid = simulcast.Rids[count - 1 - i];
                streams[i] = Reuse(line.Inbound, i, rid) ?? new InboundStream(i, rid);
            }
        }
        else
        {
            streams = [Reuse(line.Inbound, -1, null) ?? new InboundStream(-1, null)];
            if (m.Ssrc is uint ssrc)
            {
                streams[0].Ssrc = ssrc;
            }
            if (m.RtxSsrc is uint rtx)
            {
                streams[0].RtxSsrc = rtx;
            }
        }
        line.RidExtensionId = simulcast.RidExtensionId ?? 0;
        line.RepairedRidExtensionId = simulcast.RepairedRidExtensionId ?? 0;
        line.Inbound = streams;
    }

    // A renegotiation that keeps the same layout keeps each stream's SSRCs and statistics.
    private static InboundStream? Reuse(InboundStream[] old, int substream, string? rid)
    {
        foreach (InboundStream stream in old)
        {
            if (stream.Substream == substream && stream.Rid == rid)
            {
                return stream;
            }
        }
        return null;
    }

    private static bool HasGenericNack(IReadOnlyList<SdpRtcpFeedback> feedback)
    {
        foreach (SdpRtcpFeedback fb in feedback)
        {
            if (fb.Type == SdpRtcpFeedbackKinds.Nack && fb.Parameter is null)
            {
                return true;
            }
        }
        return false;
    }

    private static MediaLine NewLine(int index, string mid, SdpMediaKind kind) => new(index, mid, kind)
    {
        LocalSsrc = RandomSsrc(),
        LocalRtxSsrc = RandomSsrc(),
    };

    private static uint RandomSsrc() => (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);

    // The SDP code maps a codec's payload type to its RTX payload type (apt, RFC 4588 §8.6); the packet paths look
    // up the other way (an RTX packet's type → the type it repairs), as MediaLine.RtxPayloadTypes says.
    private static Dictionary<int, int> RtxToOriginal(IReadOnlyDictionary<int, int> originalToRtx)
    {
        var map = new Dictionary<int, int>(originalToRtx.Count);
        foreach ((int original, int rtx) in originalToRtx)
        {
            map.TryAdd(rtx, original);
        }
        return map;
    }
}
