using System.Text.Json.Nodes;
using Janus.Media.Dtls;
using Janus.Media.Ice;
using Janus.Media.Ice.Candidates;
using Janus.Media.Sdp;

namespace Janus.Media.WebRtc;

/// <summary>
/// What the Admin API's <c>handle_info</c> shows of a PeerConnection, in the shape Janus gives it: <c>flags</c>,
/// <c>agent-created</c>, <c>ice-mode</c>, <c>ice-role</c>, <c>sdps</c> and <c>webrtc</c> (ice, dtls, extensions, bwe,
/// media by mid), merged into the handle's info object. Our own counters Janus lacks sit beside Janus's names.
/// </summary>
internal static class PeerConnectionInfo
{
    public static JsonObject Describe(PeerConnection pc, bool iceLite)
    {
        PeerConnection.AdminState state = pc.ReadAdminState();
        IceAgent? ice = pc.Ice;
        MediaLine[] lines = pc.Lines;
        var info = new JsonObject { ["flags"] = Flags(state, ice, lines) };
        if (ice is not null)
        {
            info["agent-created"] = state.AgentCreatedMicros;
            info["ice-mode"] = iceLite ? "lite" : "full";
            info["ice-role"] = ice.Role == IceRole.Controlling ? "controlling" : "controlled";
        }
        var sdps = new JsonObject();
        if (FirstRtpProtocol(state.LocalSdp) is string profile)
        {
            sdps["profile"] = profile;
        }
        if (state.LocalSdp is not null)
        {
            sdps["local"] = state.LocalSdp;
        }
        if (state.RemoteSdp is not null)
        {
            sdps["remote"] = state.RemoteSdp;
        }
        info["sdps"] = sdps;

        var webrtc = new JsonObject();
        if (ice is not null)
        {
            webrtc["ice"] = Ice(ice, state);
        }
        webrtc["dtls"] = Dtls(pc, state);
        webrtc["extensions"] = Extensions(state.Remote);
        int twccId = TransportCcId(lines);
        var bwe = new JsonObject { ["twcc"] = twccId > 0 };
        if (twccId > 0)
        {
            bwe["twcc-ext-id"] = twccId;
        }
        webrtc["bwe"] = bwe;
        var media = new JsonObject();
        foreach (MediaLine line in lines)
        {
            media[line.Mid] = Medium(line);
        }
        webrtc["media"] = media;
        webrtc["srtp-dropped"] = pc.DroppedPackets;
        webrtc["nacks-sent"] = pc.NacksSent;
        webrtc["retransmitted"] = pc.Retransmitted;
        webrtc["rtx-received"] = pc.RtxReceived;
        info["webrtc"] = webrtc;
        return info;
    }

    private static JsonObject Flags(PeerConnection.AdminState state, IceAgent? ice, MediaLine[] lines)
    {
        bool hasAudio = false, hasVideo = false, hasData = false, rtx = false;
        foreach (MediaLine line in lines)
        {
            if (line.Rejected)
            {
                continue;
            }
            hasAudio |= line.Kind == SdpMediaKind.Audio;
            hasVideo |= line.IsVideo;
            hasData |= line.Kind == SdpMediaKind.Application;
            rtx |= line.SendsRtx;
        }
        return new JsonObject
        {
            ["got-offer"] = state.GotOffer,
            ["got-answer"] = state.GotAnswer,
            ["negotiated"] = state.LocalSdp is not null && state.RemoteSdp is not null,
            ["processing-offer"] = state.ProcessingOffer,
            ["starting"] = state.Started,
            ["ice-restart"] = state.IceRestart,
            ["ready"] = state.Ready,
            ["stopped"] = state.Stopped,
            ["alert"] = state.Stopped,
            // The peer trickles unless its SDP already carried every candidate.
            ["trickle"] = state.Remote is { EndOfCandidates: false },
            ["all-trickles"] = ice?.RemoteCandidatesCompleted ?? false,
            // Janus-internal states our design has no counterpart for: trickles are never re-sent or synced
            // into a later SDP, and a handle is never half cleaned.
            ["resend-trickles"] = false,
            ["trickle-synced"] = false,
            ["data-channels"] = hasData,
            ["has-audio"] = hasAudio,
            ["has-video"] = hasVideo,
            ["new-datachan-sdp"] = false,
            ["rfc4588-rtx"] = rtx,
            ["cleaning"] = false,
            ["e2ee"] = false,
        };
    }

    private static JsonObject Ice(IceAgent ice, PeerConnection.AdminState state)
    {
        var result = new JsonObject
        {
            ["stream_id"] = 1,
            ["component_id"] = 1,
            ["state"] = JanusIceState(ice.State, ice.SelectedPair is not null),
        };
        if (state.IceConnectedMicros > 0)
        {
            result["connected"] = state.IceConnectedMicros;
        }
        result["local-candidates"] = Candidates(ice.GetLocalCandidates());
        result["remote-candidates"] = Candidates(ice.GetRemoteCandidates());
        if (ice.SelectedPair is { } pair)
        {
            result["selected-pair"] = $"{pair.LocalEndPoint} <-> {pair.RemoteEndPoint}";
        }
        result["ready"] = ice.SelectedPair is not null ? 1 : 0;
        result["local-ufrag"] = ice.LocalCredentials.Ufrag;
        result["dropped"] = ice.DroppedDatagrams;
        return result;
    }

    private static JsonArray Candidates(IReadOnlyList<IceCandidate> candidates)
    {
        var list = new JsonArray();
        foreach (IceCandidate c in candidates)
        {
            list.Add(c.ToSdpAttribute());
        }
        return list;
    }

    private static JsonObject Dtls(PeerConnection pc, PeerConnection.AdminState state)
    {
        DtlsTransport? dtls = pc.Dtls;
        var result = new JsonObject { ["fingerprint"] = pc.LocalFingerprint };
        if (state.Remote is { } remote)
        {
            result["remote-fingerprint"] = remote.Fingerprint.Value;
            result["remote-fingerprint-hash"] = remote.Fingerprint.Algorithm;
        }
        if (dtls is null)
        {
            return result;
        }
        result["dtls-role"] = dtls.Role == DtlsRole.Client ? "active" : "passive";
        result["dtls-state"] = dtls.State switch
        {
            DtlsTransportState.New => "created",
            DtlsTransportState.Connecting => "trying",
            DtlsTransportState.Connected => "connected",
            DtlsTransportState.Failed => "failed",
            _ => "closed",
        };
        result["valid"] = state.SrtpProfile is not null;
        result["srtp-profile"] = JanusSrtpProfileName(state.SrtpProfile);
        result["ready"] = dtls.State == DtlsTransportState.Connected;
        if (state.DtlsStartedMicros > 0)
        {
            result["handshake-started"] = state.DtlsStartedMicros;
        }
        if (state.DtlsConnectedMicros > 0)
        {
            result["connected"] = state.DtlsConnectedMicros;
        }
        result["sctp-association"] = pc.HasSctpAssociation;
        result["dropped"] = dtls.DroppedCount;
        return result;
    }

    private static JsonObject Medium(MediaLine line)
    {
        var m = new JsonObject
        {
            ["type"] = line.Kind switch
            {
                SdpMediaKind.Audio => "audio",
                SdpMediaKind.Video => "video",
                _ => "data",
            },
            ["mindex"] = line.Index,
            ["mid"] = line.Mid,
        };
        if (line.IsRtp)
        {
            m["do_nacks"] = line.NackEnabled;
            var ssrc = new JsonObject();
            if (line.LocalSsrc != 0)
            {
                ssrc["ssrc"] = line.LocalSsrc;
            }
            if (line.SendsRtx && line.LocalRtxSsrc != 0)
            {
                ssrc["ssrc-rtx"] = line.LocalRtxSsrc;
            }
            // Janus's names: the main (or lowest simulcast) stream, then "-sim-1", "-sim-2".
            InboundStream[] inbound = line.Inbound;
            var rtcp = new JsonObject();
            for (int i = 0; i < inbound.Length; i++)
            {
                string suffix = i == 0 ? "" : $"-sim-{i}";
                if (inbound[i].Ssrc != 0)
                {
                    ssrc["ssrc-peer" + suffix] = inbound[i].Ssrc;
                }
                if (inbound[i].RtxSsrc != 0)
                {
                    ssrc["ssrc-peer" + suffix + "-rtx"] = inbound[i].RtxSsrc;
                }
                rtcp[i == 0 ? "main" : $"sim{i}"] = new JsonObject
                {
                    ["lost"] = inbound[i].ReceiveStats.CumulativeLost,
                    ["jitter-local"] = inbound[i].ReceiveStats.Jitter,
                };
            }
            m["ssrc"] = ssrc;
            m["direction"] = new JsonObject { ["send"] = line.WeSend, ["recv"] = line.PeerSends };
            if (line.Codec is { } codec)
            {
                var codecs = new JsonObject { ["pt"] = codec.PayloadType };
                foreach ((int rtxPt, int original) in line.RtxPayloadTypes)
                {
                    if (original == codec.PayloadType)
                    {
                        codecs["rtx-pt"] = rtxPt;
                    }
                }
                codecs["codec"] = codec.Name.ToLowerInvariant();
                m["codecs"] = codecs;
            }
            m["rtcp"] = rtcp;
            m["lost-uplink"] = line.UplinkLoss.Lost;
            m["lost-downlink"] = line.DownlinkLoss.Lost;
        }
        m["stats"] = new JsonObject
        {
            ["in"] = new JsonObject { ["packets"] = line.PacketsReceived, ["bytes"] = line.BytesReceived },
            ["out"] = new JsonObject { ["packets"] = line.PacketsSent, ["bytes"] = line.BytesSent },
        };
        return m;
    }

    private static JsonObject Extensions(SdpRemoteTransport? remote)
    {
        var extensions = new JsonObject();
        if (remote is null)
        {
            return extensions;
        }
        foreach (SdpRemoteMedia media in remote.Media)
        {
            foreach ((string uri, int id) in media.ExtensionIds)
            {
                extensions[uri] = id;
            }
        }
        return extensions;
    }

    private static int TransportCcId(MediaLine[] lines)
    {
        foreach (MediaLine line in lines)
        {
            if (line.TransportCcExtensionId > 0)
            {
                return line.TransportCcExtensionId;
            }
        }
        return 0;
    }

    private static string? FirstRtpProtocol(string? sdp)
    {
        if (sdp is null || !SessionDescription.TryParse(sdp, out SessionDescription? parsed, out _))
        {
            return null;
        }
        foreach (MediaDescription m in parsed.Media)
        {
            if (m.IsRtp)
            {
                return m.Protocol;
            }
        }
        return null;
    }

    // Janus's names (ice.c, after libnice's): disconnected, gathering, connecting, connected, ready, failed.
    // libnice is "ready" once a pair is selected, which is our Connected with a selected pair.
    private static string JanusIceState(IceConnectionState state, bool selected) => state switch
    {
        IceConnectionState.New => "gathering",
        IceConnectionState.Checking => "connecting",
        IceConnectionState.Connected => selected ? "ready" : "connected",
        IceConnectionState.Completed => "ready",
        IceConnectionState.Failed => "failed",
        _ => "disconnected",
    };

    // Janus writes libsrtp's names, which drop the "HMAC_" of the IANA registry's.
    private static string JanusSrtpProfileName(string? profile) =>
        profile is null ? "none" : profile.Replace("_HMAC_SHA1", "_SHA1", StringComparison.Ordinal);
}
