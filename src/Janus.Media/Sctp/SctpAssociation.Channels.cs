using System.Buffers;

namespace Janus.Media.Sctp;

// Data channels on the association: DCEP (RFC 8832) to open them, stream ids by DTLS role (§6), messages with the
// WebRTC PPIDs (RFC 8831 §6.6).
public sealed partial class SctpAssociation
{
    private static readonly byte[] s_emptyPayload = { 0 };
    private static readonly byte[] s_dcepAck = { DcepMessage.AckType };
    private readonly Dictionary<ushort, DataChannel> _channels = new();

    private DataChannel OpenChannelLocked(string label, string protocol, bool ordered, int? maxRetransmits, int? maxLifetimeMs,
        ushort priority)
    {
        ushort id = AllocateStreamId();
        DcepChannelType type = DcepMessage.ChannelTypeFor(ordered, maxRetransmits, maxLifetimeMs);
        uint reliability = (uint)(maxRetransmits ?? maxLifetimeMs ?? 0);
        byte[] open = DcepMessage.BuildOpen(new DcepMessage.Open(type, priority, reliability, label, protocol));
        var channel = new DataChannel(this, id, label, protocol, ordered, maxRetransmits, maxLifetimeMs, priority,
            DataChannelState.Connecting);
        _channels[id] = channel;
        EnqueueMessage(null, id, DataChannelPpid.Dcep, open, unordered: false, maxRetransmits: null, maxLifetimeMs: null);
        return channel;
    }

    private ushort AllocateStreamId()
    {
        // RFC 8832 §6: the DTLS client takes even ids, the server odd ones; 65535 is reserved (RFC 8831 §6.5).
        int limit = Math.Min((int)_outboundStreams, 65535);
        for (int id = _options.IsDtlsClient ? 0 : 1; id < limit; id += 2)
        {
            if (!_channels.ContainsKey((ushort)id))
            {
                return (ushort)id;
            }
        }

        throw new InvalidOperationException("no free SCTP stream id");
    }

    private bool QueueUserMessage(DataChannel channel, bool binary, ReadOnlySpan<byte> data)
    {
        if (channel.State is not (DataChannelState.Open or DataChannelState.Connecting)
            || _state is not (Phase.Idle or Phase.CookieWait or Phase.CookieEchoed or Phase.Established))
        {
            return false;
        }

        int limit = _options.RemoteMaxMessageSize;
        if ((limit > 0 && data.Length > limit) || _bufferedTotal + data.Length > _options.MaxBufferedAmount)
        {
            return false;
        }

        uint ppid = data.IsEmpty
            ? binary ? DataChannelPpid.BinaryEmpty : DataChannelPpid.StringEmpty
            : binary ? DataChannelPpid.Binary : DataChannelPpid.String;

        // RFC 8832 §6: until the ACK arrives, send ordered so the OPEN is delivered first.
        bool unordered = !channel.Ordered && channel.State == DataChannelState.Open;
        EnqueueMessage(channel, channel.Id, ppid, data.IsEmpty ? s_emptyPayload : data, unordered, channel.MaxRetransmits,
            channel.MaxLifetimeMs);
        Counters.MessagesSent++;
        return true;
    }

    private void EnqueueMessage(DataChannel? channel, ushort streamId, uint ppid, ReadOnlySpan<byte> payload, bool unordered,
        int? maxRetransmits, int? maxLifetimeMs)
    {
        OutboundMessage message = _messagePool.Count > 0 ? _messagePool.Pop() : new OutboundMessage();
        message.StreamId = streamId;
        message.Ppid = ppid;
        message.Unordered = unordered;
        message.MaxRetransmits = maxRetransmits ?? -1;
        message.ExpiresAtMs = maxLifetimeMs is int lifetime ? NowMs + lifetime : long.MaxValue;
        message.Buffer = ArrayPool<byte>.Shared.Rent(payload.Length);
        message.Length = payload.Length;
        message.Offset = 0;
        message.HasSsn = false;
        message.Ssn = 0;
        message.Abandoned = false;
        message.Channel = channel;
        message.LiveChunks = 0;
        message.Queued = true;
        payload.CopyTo(message.Buffer);
        _bufferedTotal += payload.Length;
        if (channel is not null)
        {
            channel.BufferedAmount += payload.Length;
        }

        _pending.Enqueue(message);
    }

    private void HandleDcep(ushort streamId, ReadOnlySpan<byte> message)
    {
        if (DcepMessage.IsAck(message))
        {
            if (_channels.TryGetValue(streamId, out DataChannel? opened) && opened.State == DataChannelState.Connecting)
            {
                opened.State = DataChannelState.Open;
                Enqueue(new PendingEvent(EventKind.ChannelOpened, opened));
            }

            return;
        }

        if (!DcepMessage.TryParseOpen(message, out DcepMessage.Open open))
        {
            Counters.MalformedDropped++;
            return;
        }

        if (_channels.ContainsKey(streamId) || _state != Phase.Established)
        {
            Counters.UnexpectedDropped++;
            return;
        }

        var channel = new DataChannel(this, streamId, open.Label, open.Protocol, open.Ordered,
            open.IsRexmit ? (int)Math.Min(open.ReliabilityParameter, int.MaxValue) : null,
            open.IsTimed ? (int)Math.Min(open.ReliabilityParameter, int.MaxValue) : null,
            open.Priority, DataChannelState.Open);
        _channels[streamId] = channel;
        EnqueueMessage(null, streamId, DataChannelPpid.Dcep, s_dcepAck, unordered: false, maxRetransmits: null, maxLifetimeMs: null);
        Enqueue(new PendingEvent(EventKind.ChannelOpened, channel));
    }

    private void RequestChannelClose(DataChannel channel)
    {
        if (channel.State is DataChannelState.Closing or DataChannelState.Closed || !_channels.ContainsKey(channel.Id))
        {
            return;
        }

        channel.State = DataChannelState.Closing;
        DropPartial(channel);
        if (_state != Phase.Established || !_peerReconfig)
        {
            // No association (yet) or no RE-CONFIG on the peer: nothing to tell it; the stream is simply ours again.
            channel.OutgoingResetDone = channel.IncomingResetDone = true;
            MaybeFinishClose(channel);
            return;
        }

        QueueOutgoingReset(channel);
    }

    private void MaybeFinishClose(DataChannel channel)
    {
        if (!channel.OutgoingResetDone || !channel.IncomingResetDone || channel.State == DataChannelState.Closed)
        {
            return;
        }

        channel.State = DataChannelState.Closed;
        DropPartial(channel);
        _channels.Remove(channel.Id);
        _nextOutgoingSsn.Remove(channel.Id);
        Enqueue(new PendingEvent(EventKind.ChannelClosed, channel));
    }
}
