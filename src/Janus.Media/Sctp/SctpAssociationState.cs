namespace Janus.Media.Sctp;

/// <summary>The association's life as callers see it.</summary>
public enum SctpAssociationState
{
    /// <summary>Created; no INIT sent or received yet.</summary>
    Idle,
    Connecting,
    Established,
    ShuttingDown,
    Closed,
}

/// <summary>Receives each SCTP packet to send; the coordinator passes it to DTLS as application data.</summary>
/// <remarks>Called under the association's lock: it must not call back into the association.</remarks>
public delegate void SctpPacketSender(ReadOnlySpan<byte> packet);

/// <summary>A message arrived on a data channel; <paramref name="data"/> is valid only during the call.</summary>
public delegate void DataChannelMessageHandler(DataChannel channel, bool binary, ReadOnlySpan<byte> data);

/// <summary>What the association dropped or noticed; read without the lock, so values are approximate.</summary>
public sealed class SctpCounters
{
    public long PacketsReceived;
    public long PacketsSent;

    /// <summary>Bad checksum, truncated packet or chunk, malformed chunk value.</summary>
    public long MalformedDropped;

    /// <summary>Wrong verification tag or not acceptable in the current state.</summary>
    public long UnexpectedDropped;
    public long DuplicateTsns;
    public long Retransmissions;
    public long FastRetransmits;
    public long Timeouts;
    public long AbandonedMessages;
    public long MessagesReceived;
    public long MessagesSent;

    /// <summary>Exceptions caught at the edge (a bug, or a throwing send callback); should stay 0.</summary>
    public long InternalErrors;
}
