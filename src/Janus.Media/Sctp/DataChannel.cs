namespace Janus.Media.Sctp;

/// <summary>Where a data channel is in its life (the RTCDataChannel readyState, roughly).</summary>
public enum DataChannelState
{
    /// <summary>We sent DATA_CHANNEL_OPEN and wait for the ACK; sending is allowed (RFC 8832 §6).</summary>
    Connecting,
    Open,

    /// <summary>A stream reset is under way; nothing more can be sent.</summary>
    Closing,
    Closed,
}

/// <summary>One WebRTC data channel: an SCTP stream pair opened with DCEP (RFC 8832). Thread-safe.</summary>
public sealed class DataChannel
{
    private readonly SctpAssociation _association;

    internal DataChannel(SctpAssociation association, ushort id, string label, string protocol, bool ordered,
        int? maxRetransmits, int? maxLifetimeMs, ushort priority, DataChannelState state)
    {
        _association = association;
        Id = id;
        Label = label;
        Protocol = protocol;
        Ordered = ordered;
        MaxRetransmits = maxRetransmits;
        MaxLifetimeMs = maxLifetimeMs;
        Priority = priority;
        State = state;
    }

    /// <summary>The SCTP stream id.</summary>
    public ushort Id { get; }
    public string Label { get; }
    public string Protocol { get; }
    public bool Ordered { get; }
    public int? MaxRetransmits { get; }
    public int? MaxLifetimeMs { get; }
    public ushort Priority { get; }
    public DataChannelState State { get; internal set; }

    /// <summary>Bytes handed to <see cref="Send"/> that the peer has not acknowledged yet.</summary>
    public long BufferedAmount { get; internal set; }

    /// <summary>When <see cref="BufferedAmount"/> falls to this or below, <see cref="SctpAssociation.BufferedAmountLow"/> fires.</summary>
    public long BufferedAmountLowThreshold { get; set; }

    /// <summary>
    /// Queues one message. Returns false if the channel is not open, the message is larger than the peer's
    /// max-message-size, or too much is already queued.
    /// </summary>
    public bool Send(bool binary, ReadOnlySpan<byte> data) => _association.SendOnChannel(this, binary, data);

    /// <summary>Closes the channel by resetting its stream (RFC 8831 §6.7).</summary>
    public void Close() => _association.CloseChannel(this);

    // Per-stream state the association keeps under its lock.
    internal ushort NextOutgoingSsn;
    internal bool OutgoingResetDone;
    internal bool IncomingResetDone;
    internal bool ResetQueued;
    internal byte[]? PartialMessage;
    internal int PartialLength;

    public override string ToString() => $"DataChannel {Id} '{Label}' ({State})";
}
