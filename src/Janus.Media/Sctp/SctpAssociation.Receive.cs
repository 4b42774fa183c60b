using System.Buffers;

namespace Janus.Media.Sctp;

// Incoming packets (RFC 9260 §8.5 verification tags, §6.2 DATA and SACK timing) and delivery to channels.
public sealed partial class SctpAssociation
{
    private const int MaxReportedDuplicates = 16;
    private readonly TsnReceiveTracker _rx = new();
    private readonly ReassemblyQueue _reassembly;
    private readonly uint[] _duplicates = new uint[MaxReportedDuplicates];
    private int _duplicateCount;
    private bool _sackNeeded;
    private bool _sackImmediately;
    private int _dataPacketsSinceSack;

    private void ProcessPacket(ReadOnlySpan<byte> raw)
    {
        if (!SctpPacket.TryParse(raw, out SctpPacket packet))
        {
            Counters.MalformedDropped++;
            return;
        }

        SctpPacket.ChunkEnumerator chunks = packet.GetChunks();
        chunks.MoveNext();
        SctpChunk first = chunks.Current;
        if (first.Type == (byte)SctpChunkType.Init)
        {
            // §8.5.1 A: an INIT travels alone with tag 0.
            if (packet.VerificationTag != 0 || chunks.MoveNext())
            {
                Counters.UnexpectedDropped++;
            }
            else if (InitChunk.TryParse(first.Value, out InitChunk init))
            {
                HandleInit(init);
            }
            else
            {
                Counters.MalformedDropped++;
            }

            return;
        }

        if (!IsTagAcceptable(packet.VerificationTag, first))
        {
            Counters.UnexpectedDropped++;
            return;
        }

        bool hadData = false;
        bool sackAtOnce = false;
        chunks = packet.GetChunks();
        while (chunks.MoveNext() && _state != Phase.Closed)
        {
            SctpChunk chunk = chunks.Current;
            if (!HandleChunk(chunk, ref hadData, ref sackAtOnce))
            {
                break;
            }
        }

        if (hadData && _state != Phase.Closed)
        {
            // §6.2: SACK at least every second packet with DATA, and at once when something is out of order.
            _dataPacketsSinceSack++;
            if (sackAtOnce || _dataPacketsSinceSack >= 2)
            {
                _sackImmediately = true;
            }
            else if (_sackDeadlineMs == NoDeadline)
            {
                _sackDeadlineMs = NowMs + _options.DelayedAckMs;
            }

            CheckDeferredReset();
        }
    }

    private bool IsTagAcceptable(uint tag, in SctpChunk first)
    {
        if (_localTag != 0 && tag == _localTag)
        {
            return true;
        }

        // §8.5.1 B and C: ABORT and SHUTDOWN COMPLETE with the T bit carry the peer's own tag.
        bool reflected = (first.Flags & SctpChunkFlags.TagReflected) != 0
            && (first.Type == (byte)SctpChunkType.Abort || first.Type == (byte)SctpChunkType.ShutdownComplete);
        return reflected && _peerTag != 0 && tag == _peerTag;
    }

    /// <summary>Returns false when the rest of the packet must be ignored.</summary>
    private bool HandleChunk(in SctpChunk chunk, ref bool hadData, ref bool sackAtOnce)
    {
        switch ((SctpChunkType)chunk.Type)
        {
            case SctpChunkType.Data:
                hadData = true;
                HandleData(chunk, ref sackAtOnce);
                return true;
            case SctpChunkType.InitAck:
                if (InitChunk.TryParse(chunk.Value, out InitChunk initAck))
                {
                    HandleInitAck(initAck);
                }
                else
                {
                    Counters.MalformedDropped++;
                }

                return true;
            case SctpChunkType.Sack:
                HandleSack(chunk.Value);
                return true;
            case SctpChunkType.Heartbeat:
                HandleHeartbeat(chunk.Value);
                return true;
            case SctpChunkType.HeartbeatAck or SctpChunkType.Error:
                return true;
            case SctpChunkType.Abort:
                Terminate("peer aborted");
                return false;
            case SctpChunkType.Shutdown:
                HandleShutdown(chunk.Value);
                return true;
            case SctpChunkType.ShutdownAck:
                HandleShutdownAck();
                return true;
            case SctpChunkType.ShutdownComplete:
                HandleShutdownComplete();
                return false;
            case SctpChunkType.CookieEcho:
                HandleCookieEcho(chunk.Value);
                return true;
            case SctpChunkType.CookieAck:
                HandleCookieAck();
                return true;
            case SctpChunkType.Reconfig:
                HandleReconfig(chunk.Value);
                return true;
            case SctpChunkType.ForwardTsn:
                HandleForwardTsn(chunk.Value);
                return true;
            case SctpChunkType.Init:
                Counters.UnexpectedDropped++; // an INIT bundled with other chunks
                return false;
            default:
                // §3.2: the two high bits of an unknown type say whether to skip it or drop the rest.
                Counters.UnexpectedDropped++;
                return (chunk.Type & 0x80) != 0;
        }
    }

    private bool CanReceiveData => _state is Phase.Established or Phase.ShutdownPending or Phase.ShutdownSent;

    private void HandleData(in SctpChunk raw, ref bool sackAtOnce)
    {
        if (!CanReceiveData)
        {
            Counters.UnexpectedDropped++;
            return;
        }

        if (!DataChunk.TryParse(raw.Flags, raw.Value, out DataChunk chunk))
        {
            Counters.MalformedDropped++;
            return;
        }

        _sackNeeded = true;
        sackAtOnce |= chunk.IsImmediate;
        switch (_rx.Check(chunk.Tsn))
        {
            case TsnStatus.Duplicate:
                Counters.DuplicateTsns++;
                if (_duplicateCount < MaxReportedDuplicates)
                {
                    _duplicates[_duplicateCount++] = chunk.Tsn;
                }

                sackAtOnce = true;
                return;
            case TsnStatus.OutOfWindow:
                Counters.UnexpectedDropped++;
                return;
        }

        // §6.2: drop what does not fit the window, unless it is the very TSN that moves the cumulative ack.
        if (_reassembly.BufferedBytes + chunk.UserData.Length > _options.ReceiveBufferSize && chunk.Tsn != _rx.CumulativeTsn + 1)
        {
            Counters.UnexpectedDropped++;
            return;
        }

        _rx.Mark(chunk.Tsn);
        sackAtOnce |= _rx.HasGaps;
        if (chunk.StreamId >= _inboundStreams)
        {
            Counters.UnexpectedDropped++; // acknowledged but not delivered (§6.5 "Invalid Stream Identifier")
            return;
        }

        _reassembly.Add(chunk, this);
    }

    private void HandleForwardTsn(ReadOnlySpan<byte> value)
    {
        if (!CanReceiveData)
        {
            Counters.UnexpectedDropped++;
            return;
        }

        if (!ForwardTsnChunk.TryParse(value, out ForwardTsnChunk forward))
        {
            Counters.MalformedDropped++;
            return;
        }

        _sackNeeded = true;
        _sackImmediately = true;
        uint newCumulative = forward.NewCumulativeTsn;
        if (SerialNumber.LessOrEqual(newCumulative, _rx.CumulativeTsn))
        {
            return; // old or duplicate: the SACK tells the sender where we are (RFC 3758 §3.6)
        }

        if (newCumulative - _rx.CumulativeTsn > TsnReceiveTracker.Window)
        {
            Counters.UnexpectedDropped++;
            return;
        }

        _rx.ForwardTo(newCumulative);
        _reassembly.Forward(newCumulative, forward, this);
        CheckDeferredReset();
    }

    private void HandleHeartbeat(ReadOnlySpan<byte> value)
    {
        // §8.3: echo the Heartbeat Information back unchanged.
        if (_peerTag == 0 || value.Length + 32 > _writer.Capacity)
        {
            Counters.UnexpectedDropped++;
            return;
        }

        _writer.Begin(_options.LocalPort, _options.RemotePort, _peerTag);
        value.CopyTo(_writer.AddChunk(SctpChunkType.HeartbeatAck, 0, value.Length));
        SendPacket();
    }

    void IReassembledMessageSink.OnMessage(ushort streamId, uint ppid, ReadOnlySpan<byte> message)
    {
        if (ppid == DataChannelPpid.Dcep)
        {
            HandleDcep(streamId, message);
            return;
        }

        if (!_channels.TryGetValue(streamId, out DataChannel? channel) || channel.State == DataChannelState.Closed)
        {
            Counters.UnexpectedDropped++;
            return;
        }

        switch (ppid)
        {
            case DataChannelPpid.String or DataChannelPpid.Binary:
                bool binary = ppid == DataChannelPpid.Binary;
                if (channel.PartialMessage is not null)
                {
                    AppendPartial(channel, message);
                    DeliverPartial(channel, binary);
                }
                else
                {
                    Deliver(channel, binary, message);
                }

                break;
            case DataChannelPpid.StringEmpty or DataChannelPpid.BinaryEmpty:
                Deliver(channel, ppid == DataChannelPpid.BinaryEmpty, ReadOnlySpan<byte>.Empty);
                break;
            case DataChannelPpid.StringPartial or DataChannelPpid.BinaryPartial:
                AppendPartial(channel, message);
                break;
            default:
                Counters.UnexpectedDropped++;
                break;
        }
    }

    private void Deliver(DataChannel channel, bool binary, ReadOnlySpan<byte> message)
    {
        Counters.MessagesReceived++;
        byte[]? buffer = null;
        if (!message.IsEmpty)
        {
            buffer = ArrayPool<byte>.Shared.Rent(message.Length);
            message.CopyTo(buffer);
        }

        Enqueue(new PendingEvent(EventKind.Message, channel, binary, buffer, message.Length));
    }

    /// <summary>Legacy PPIDs 52 and 54: parts of one message, completed by the next 51 or 53.</summary>
    private void AppendPartial(DataChannel channel, ReadOnlySpan<byte> part)
    {
        int needed = channel.PartialLength + part.Length;
        if (needed > _options.LocalMaxMessageSize)
        {
            DropPartial(channel);
            Counters.UnexpectedDropped++;
            return;
        }

        if (channel.PartialMessage is null || channel.PartialMessage.Length < needed)
        {
            byte[] grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 4096));
            if (channel.PartialMessage is not null)
            {
                channel.PartialMessage.AsSpan(0, channel.PartialLength).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(channel.PartialMessage);
            }

            channel.PartialMessage = grown;
        }

        part.CopyTo(channel.PartialMessage.AsSpan(channel.PartialLength));
        channel.PartialLength = needed;
    }

    private void DeliverPartial(DataChannel channel, bool binary)
    {
        if (channel.PartialMessage is null)
        {
            return;
        }

        Counters.MessagesReceived++;
        Enqueue(new PendingEvent(EventKind.Message, channel, binary, channel.PartialMessage, channel.PartialLength));
        channel.PartialMessage = null;
        channel.PartialLength = 0;
    }

    private static void DropPartial(DataChannel channel)
    {
        if (channel.PartialMessage is not null)
        {
            ArrayPool<byte>.Shared.Return(channel.PartialMessage);
        }

        channel.PartialMessage = null;
        channel.PartialLength = 0;
    }
}
