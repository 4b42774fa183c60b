using Janus.Media.Rtp.Codecs;
using Janus.Media.Rtp.Feedback;
using Janus.Media.Sdp;

namespace Janus.Media.WebRtc;

/// <summary>
/// One negotiated m-line of a PeerConnection as the packet path sees it: what the peer sends on it
/// and what we send on it. Written during negotiation, read by the receive and send paths.
/// </summary>
internal sealed class MediaLine
{
    public MediaLine(int index, string mid, SdpMediaKind kind)
    {
        Index = index;
        Mid = mid;
        Kind = kind;
    }

    public int Index { get; }
    public string Mid { get; }
    public SdpMediaKind Kind { get; }
    public bool IsVideo => Kind == SdpMediaKind.Video;
    public bool IsRtp => Kind is SdpMediaKind.Audio or SdpMediaKind.Video;

    /// <summary>Payload types the peer may send on this m-line (codecs and their RTX).</summary>
    public int[] PayloadTypes { get; set; } = [];

    /// <summary>RTX payload type → the payload type it repairs.</summary>
    public Dictionary<int, int> RtxPayloadTypes { get; set; } = new();

    /// <summary>
    /// The streams the peer sends here: one, or one per simulcast substream in Janus's order (0 = lowest quality).
    /// Replaced as a whole on renegotiation; the packet paths read the array without a lock.
    /// </summary>
    public InboundStream[] Inbound { get; set; } = [new InboundStream(-1, null)];

    /// <summary>Whether the peer simulcasts on this m-line.</summary>
    public bool IsSimulcast => Inbound.Length > 1;

    /// <summary>The extension ids that name a simulcast packet's rid and an RTX packet's repaired rid (RFC 8852), 0 = none.</summary>
    public int RidExtensionId { get; set; }
    public int RepairedRidExtensionId { get; set; }

    /// <summary>The Dependency Descriptor extension id the peer uses here, 0 when not negotiated.</summary>
    public int DependencyDescriptorExtensionId { get; set; }

    /// <summary>
    /// The codec in use: the first of the answer (whichever side wrote it, the description applied last decides),
    /// shown in handle_info.
    /// </summary>
    public Sdp.SdpCodec? Codec { get; set; }

    /// <summary>The negotiated video codec, which tells the relay how to find keyframes and temporal layers.</summary>
    public RtpVideoCodec VideoCodec => IsVideo && Codec is { } codec ? VideoCodecOf(codec.Name) : RtpVideoCodec.None;

    /// <summary>
    /// The video codec of each payload type our SDP lists for this m-line (offer or answer, the peer sends with
    /// those numbers): what a packet carries, whichever codec the offer listed first.
    /// </summary>
    public RtpVideoCodec[] CodecByPayloadType { get; set; } = new RtpVideoCodec[128];

    public static RtpVideoCodec VideoCodecOf(string name) => name.ToUpperInvariant() switch
    {
        "VP8" => RtpVideoCodec.Vp8,
        "VP9" => RtpVideoCodec.Vp9,
        "H264" => RtpVideoCodec.H264,
        "AV1" or "AV1X" => RtpVideoCodec.Av1,
        "H265" => RtpVideoCodec.H265,
        _ => RtpVideoCodec.None,
    };

    public RtpVideoCodec CodecOf(int payloadType)
    {
        RtpVideoCodec codec = CodecByPayloadType[payloadType & 0x7F];
        return codec != RtpVideoCodec.None ? codec : VideoCodec;
    }

    /// <summary>The peer's SSRC on this m-line (the first known one when it simulcasts); 0 = unknown yet.</summary>
    public uint RemoteSsrc
    {
        get
        {
            foreach (InboundStream stream in Inbound)
            {
                if (stream.Ssrc != 0)
                {
                    return stream.Ssrc;
                }
            }
            return 0;
        }
    }

    /// <summary>Our SSRCs on this m-line, announced in our SDP.</summary>
    public uint LocalSsrc { get; set; }
    public uint LocalRtxSsrc { get; set; }

    /// <summary>Whether the peer may send here / we may send here, after negotiation.</summary>
    public bool PeerSends { get; set; }
    public bool WeSend { get; set; }

    public bool Rejected { get; set; }

    /// <summary>Rewrites what plugins relay so the peer sees one continuous stream from <see cref="LocalSsrc"/>.</summary>
    public RtpStreamRewriter Outgoing { get; } = new();

    /// <summary>RTP clock of the negotiated codec (Hz), for jitter and SR timestamps.</summary>
    public int ClockRate { get; set; }

    /// <summary>Whether generic NACK (RFC 4585) was negotiated: we request repairs and keep what we send for them.</summary>
    public bool NackEnabled { get; set; }

    /// <summary>The transport-wide sequence number extension id the peer uses on this m-line, 0 when not negotiated.</summary>
    public int TransportCcExtensionId { get; set; }

    // What each side's SDP allows; both must for the feature to be on.
    public bool LocalNack { get; set; }
    public bool RemoteNack { get; set; }
    public bool LocalTransportCc { get; set; }
    public int RemoteTransportCcId { get; set; }

    public void RefreshNegotiatedFeedback()
    {
        NackEnabled = LocalNack && RemoteNack;
        TransportCcExtensionId = LocalTransportCc ? RemoteTransportCcId : 0;
        if (ClockRate <= 0)
        {
            ClockRate = IsVideo ? 90000 : 48000;
        }
    }

    /// <summary>Whether we announced <see cref="LocalRtxSsrc"/> and so answer NACKs with RTX (RFC 4588).</summary>
    public bool SendsRtx => IsVideo && RtxPayloadTypes.Count > 0;

    // Send side, under the PeerConnection's send lock: what the next SR says (RFC 3550 §6.4.1).
    public uint LastRtpTimestamp;
    public long LastRtpSendMs;
    public uint SenderPacketCount;
    public uint SenderOctetCount;
    public ushort RtxSequence = (ushort)Random.Shared.Next(0, 65536);

    // Losses for the slowlink event: what we NACKed (uplink) and what the peer NACKed (downlink).
    public SlowLinkCounter UplinkLoss { get; } = new();
    public SlowLinkCounter DownlinkLoss { get; } = new();

    // Receive-side liveness for the "media" event (Janus's no-media timer).
    public long LastReceivedTicks;
    public bool Receiving;
    public long PacketsReceived;
    public long BytesReceived;
    public long PacketsSent;
    public long BytesSent;
}
