using System.Text.Json.Nodes;
using Janus.Media.Ice;
using Janus.Media.Ice.Candidates;

namespace Janus.Media.WebRtc;

/// <summary>What the Admin API's <c>handle_info</c> shows of a PeerConnection.</summary>
internal static class PeerConnectionInfo
{
    public static JsonObject Describe(PeerConnection pc)
    {
        var info = new JsonObject();
        IceAgent? ice = pc.Ice;
        if (ice is not null)
        {
            var iceInfo = new JsonObject
            {
                ["state"] = ice.State.ToString().ToLowerInvariant(),
                ["role"] = ice.Role.ToString().ToLowerInvariant(),
                ["local-ufrag"] = ice.LocalCredentials.Ufrag,
                ["dropped"] = ice.DroppedDatagrams,
            };
            if (ice.SelectedPair is { } pair)
            {
                iceInfo["selected-pair"] = $"{pair.LocalEndPoint} <-> {pair.RemoteEndPoint}";
            }
            var locals = new JsonArray();
            foreach (IceCandidate c in ice.GetLocalCandidates())
            {
                locals.Add(c.ToSdpAttribute());
            }
            iceInfo["local-candidates"] = locals;
            info["ice"] = iceInfo;
        }
        if (pc.Dtls is { } dtls)
        {
            info["dtls"] = new JsonObject
            {
                ["state"] = dtls.State.ToString().ToLowerInvariant(),
                ["role"] = dtls.Role.ToString().ToLowerInvariant(),
                ["dropped"] = dtls.DroppedCount,
            };
        }
        var media = new JsonArray();
        foreach (MediaLine line in pc.Lines)
        {
            media.Add(new JsonObject
            {
                ["mindex"] = line.Index,
                ["mid"] = line.Mid,
                ["type"] = line.Kind.ToString().ToLowerInvariant(),
                ["ssrc-local"] = line.LocalSsrc,
                ["ssrc-remote"] = line.RemoteSsrc,
                ["packets-received"] = line.PacketsReceived,
                ["bytes-received"] = line.BytesReceived,
                ["packets-sent"] = line.PacketsSent,
                ["bytes-sent"] = line.BytesSent,
                ["do-nacks"] = line.NackEnabled,
                ["transport-cc-id"] = line.TransportCcExtensionId,
                ["lost-uplink"] = line.UplinkLoss.Lost,
                ["lost-downlink"] = line.DownlinkLoss.Lost,
            });
        }
        info["media"] = media;
        info["srtp-dropped"] = pc.DroppedPackets;
        info["nacks-sent"] = pc.NacksSent;
        info["retransmitted"] = pc.Retransmitted;
        info["rtx-received"] = pc.RtxReceived;
        return info;
    }
}
