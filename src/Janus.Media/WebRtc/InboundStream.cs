using Janus.Media.Rtp.Feedback;

namespace Janus.Media.WebRtc;

/// <summary>
/// One RTP stream the peer sends on an m-line: the only one, or one simulcast substream. Each has its own SSRC,
/// sequence numbers and so its own reception statistics and NACK bookkeeping (RFC 3550 §6.4, RFC 4585 §6.2.1).
/// </summary>
internal sealed class InboundStream
{
    public InboundStream(int substream, string? rid)
    {
        Substream = substream;
        Rid = rid;
    }

    /// <summary>0 (lowest quality) to 2 for a simulcast substream, -1 for the m-line's only stream.</summary>
    public int Substream { get; }

    /// <summary>The RFC 8851 rid that names this substream in the peer's packets, when simulcast is rid-based.</summary>
    public string? Rid { get; }

    /// <summary>From the SDP, or learned from the first packet (by payload type, or by rid); 0 = unknown.</summary>
    public uint Ssrc { get; set; }
    public uint RtxSsrc { get; set; }

    /// <summary>The sender's Dependency Descriptor templates for this stream, read on its keyframes.</summary>
    public Janus.Media.Rtp.DependencyStructure Dependencies { get; } = new();

    // Under the PeerConnection's receive lock.
    public ReceiveStatistics ReceiveStats { get; } = new();
    public NackGenerator Nacks { get; } = new();

    /// <summary>Whether a rid extension value names this substream (compared without allocating).</summary>
    public bool HasRid(ReadOnlySpan<byte> value)
    {
        string? rid = Rid;
        if (rid is null || rid.Length != value.Length)
        {
            return false;
        }
        for (int i = 0; i < value.Length; i++)
        {
            if (rid[i] != value[i])
            {
                return false;
            }
        }
        return true;
    }
}
