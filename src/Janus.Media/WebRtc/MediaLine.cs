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

    /// <summary>The peer's SSRC on this m-line, from its SDP or learned from the first packet; 0 = unknown.</summary>
    public uint RemoteSsrc { get; set; }
    public uint RemoteRtxSsrc { get; set; }

    /// <summary>Our SSRCs on this m-line, announced in our SDP.</summary>
    public uint LocalSsrc { get; set; }
    public uint LocalRtxSsrc { get; set; }

    /// <summary>Whether the peer may send here / we may send here, after negotiation.</summary>
    public bool PeerSends { get; set; }
    public bool WeSend { get; set; }

    public bool Rejected { get; set; }

    /// <summary>Rewrites what plugins relay so the peer sees one continuous stream from <see cref="LocalSsrc"/>.</summary>
    public RtpStreamRewriter Outgoing { get; } = new();

    // Receive-side liveness for the "media" event (Janus's no-media timer).
    public long LastReceivedTicks;
    public bool Receiving;
    public long PacketsReceived;
    public long BytesReceived;
    public long PacketsSent;
    public long BytesSent;
}
