namespace Janus.Media.Sctp;

/// <summary>
/// A user message waiting to be cut into DATA chunks. Its SSN is assigned when its first fragment gets a TSN, so a
/// partially reliable message that expires before it is ever sent leaves no hole in the stream's SSNs.
/// </summary>
internal sealed class OutboundMessage
{
    public ushort StreamId;
    public uint Ppid;
    public bool Unordered;

    /// <summary>RFC 3758 "rtx" policy: retransmissions allowed, or -1 for no limit.</summary>
    public int MaxRetransmits = -1;

    /// <summary>RFC 3758 "timed" policy: abandon after this clock reading (ms), or long.MaxValue.</summary>
    public long ExpiresAtMs = long.MaxValue;

    public byte[] Buffer = Array.Empty<byte>();
    public int Length;

    /// <summary>Bytes already cut into chunks.</summary>
    public int Offset;

    public bool HasSsn;
    public ushort Ssn;
    public bool Abandoned;
    public DataChannel? Channel;

    /// <summary>Chunks cut from it that are still outstanding; with <see cref="Queued"/> false, 0 means reusable.</summary>
    public int LiveChunks;

    /// <summary>Still in the association's pending queue.</summary>
    public bool Queued;

    public bool FullyFragmented => Offset >= Length;
    public bool IsPartiallyReliable => MaxRetransmits >= 0 || ExpiresAtMs != long.MaxValue;
}

/// <summary>A DATA chunk that has a TSN, kept until the peer's cumulative ack covers it (RFC 9260 §6.3).</summary>
internal sealed class OutboundChunk
{
    public uint Tsn;
    public byte Flags;
    public OutboundMessage Message = null!;
    public byte[] Payload = Array.Empty<byte>();
    public int Length;
    public int SendCount;
    public int MissingReports;

    /// <summary>Reported in a gap block; the peer may still renege (RFC 9260 §6.2) until the cumulative ack passes it.</summary>
    public bool GapAcked;

    /// <summary>Counted in the flight size.</summary>
    public bool InFlight;
    public bool RetransmitPending;
    public bool FastRetransmit;
    public bool Abandoned;

    /// <summary>Whether its bytes were already taken off the channel's buffered amount.</summary>
    public bool Released;
}
