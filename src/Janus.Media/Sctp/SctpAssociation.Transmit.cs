using System.Buffers;

namespace Janus.Media.Sctp;

// Building outgoing packets: control chunks first (§6.10), then retransmissions, then new DATA while the
// congestion window (RFC 9260 §7.2) and the peer's receive window allow.
public sealed partial class SctpAssociation
{
    private readonly Queue<OutboundMessage> _pending = new();
    private readonly List<OutboundChunk> _outstanding = new();
    private readonly Stack<OutboundChunk> _chunkPool = new();
    private readonly Stack<OutboundMessage> _messagePool = new();
    private readonly Dictionary<ushort, ushort> _nextOutgoingSsn = new();
    private readonly RtoEstimator _rto;
    private uint _nextTsn;
    private uint _peerCumulativeAck;
    private uint _advancedPeerAckPoint;
    private uint _peerRwnd;
    private int _flightSize;
    private int _cwnd;
    private int _ssthresh;
    private int _partialBytesAcked;
    private bool _inFastRecovery;
    private uint _fastRecoveryExitPoint;
    private bool _rttPending;
    private uint _rttTsn;
    private long _rttSentAtMs;
    private int _consecutiveTimeouts;
    private long _bufferedTotal;
    private bool _forwardTsnNeeded;

    private int Mtu => _options.MaxPacketSize;

    private bool CanSendData => _state is Phase.Established or Phase.ShutdownPending or Phase.ShutdownReceived;

    private void Flush()
    {
        if (_state is Phase.Idle or Phase.CookieWait or Phase.CookieEchoed or Phase.Closed)
        {
            ArmTimer();
            return;
        }

        _writer.Begin(_options.LocalPort, _options.RemotePort, _peerTag);
        if (_sackNeeded && (_sackImmediately || (CanSendData && HasDataReady())))
        {
            AddSack();
        }

        if (_forwardTsnNeeded && _peerForwardTsn && SerialNumber.Greater(_advancedPeerAckPoint, _peerCumulativeAck))
        {
            AddForwardTsn();
        }

        _forwardTsnNeeded = false;
        AddReconfigChunks();
        if (CanSendData)
        {
            SendRetransmissions();
            SendNewData();
        }

        if (_writer.HasChunks)
        {
            SendPacket();
        }

        if (_state is Phase.ShutdownPending or Phase.ShutdownReceived)
        {
            ProgressShutdown();
        }

        UpdateT3();
        ArmTimer();
    }

    private bool HasDataReady()
    {
        foreach (OutboundChunk chunk in _outstanding)
        {
            if (chunk.RetransmitPending)
            {
                return true;
            }
        }

        return _pending.Count > 0 && _flightSize < _cwnd;
    }

    /// <summary>Room for one chunk: sends the packet under construction first if the chunk does not fit.</summary>
    private Span<byte> AddChunk(SctpChunkType type, byte flags, int valueLength)
    {
        if (!_writer.Fits(valueLength))
        {
            if (_writer.HasChunks)
            {
                SendPacket();
            }

            _writer.Begin(_options.LocalPort, _options.RemotePort, _peerTag);
        }

        return _writer.AddChunk(type, flags, valueLength);
    }

    private void AddSack()
    {
        int room = (Mtu - SctpPacket.CommonHeaderLength - SctpPacket.ChunkHeaderLength - SackChunk.FixedLength) / 4 - _duplicateCount;
        Span<GapAckBlock> gaps = stackalloc GapAckBlock[Math.Clamp(room, 0, 64)];
        int gapCount = _rx.GetGapBlocks(gaps);
        Span<byte> value = AddChunk(SctpChunkType.Sack, 0, SackChunk.ValueLength(gapCount, _duplicateCount));
        SackChunk.Write(value, _rx.CumulativeTsn, ReceiveWindow, gaps[..gapCount], _duplicates.AsSpan(0, _duplicateCount));
        _sackNeeded = false;
        _sackImmediately = false;
        _dataPacketsSinceSack = 0;
        _sackDeadlineMs = NoDeadline;
        _duplicateCount = 0;
    }

    private void AddForwardTsn()
    {
        // RFC 3758 §3.2: one (stream, SSN) entry per stream, the highest abandoned ordered SSN up to the new ack point.
        Span<ForwardTsnStream> streams = stackalloc ForwardTsnStream[128];
        int count = 0;
        foreach (OutboundChunk chunk in _outstanding)
        {
            if (SerialNumber.Greater(chunk.Tsn, _advancedPeerAckPoint))
            {
                break;
            }

            if (!chunk.Abandoned || chunk.Message.Unordered)
            {
                continue;
            }

            int index = 0;
            while (index < count && streams[index].StreamId != chunk.Message.StreamId)
            {
                index++;
            }

            if (index < count)
            {
                if (SerialNumber.Less(streams[index].Ssn, chunk.Message.Ssn))
                {
                    streams[index] = new ForwardTsnStream(chunk.Message.StreamId, chunk.Message.Ssn);
                }
            }
            else if (count < streams.Length)
            {
                streams[count++] = new ForwardTsnStream(chunk.Message.StreamId, chunk.Message.Ssn);
            }
        }

        Span<byte> value = AddChunk(SctpChunkType.ForwardTsn, 0, ForwardTsnChunk.ValueLength(count));
        ForwardTsnChunk.Write(value, _advancedPeerAckPoint, streams[..count]);
    }

    private void SendRetransmissions()
    {
        foreach (OutboundChunk chunk in _outstanding)
        {
            if (!chunk.RetransmitPending)
            {
                continue;
            }

            // Fast retransmissions go out whatever the window (§7.2.4); timeout ones wait for cwnd room.
            if (!chunk.FastRetransmit && _flightSize >= _cwnd)
            {
                break;
            }

            WriteData(chunk);
            chunk.SendCount++;
            chunk.RetransmitPending = false;
            chunk.FastRetransmit = false;
            chunk.InFlight = true;
            _flightSize += chunk.Length;
            Counters.Retransmissions++;
            if (_rttPending && chunk.Tsn == _rttTsn)
            {
                _rttPending = false; // Karn's rule: never time a retransmitted chunk
            }
        }
    }

    private void SendNewData()
    {
        long now = NowMs;
        while (_pending.Count > 0)
        {
            OutboundMessage message = _pending.Peek();
            if (message.Abandoned)
            {
                Dequeue();
                continue;
            }

            if (!message.HasSsn && now >= message.ExpiresAtMs && _peerForwardTsn)
            {
                // RFC 3758 timed policy: never sent, so it can go without a trace.
                Counters.AbandonedMessages++;
                message.Abandoned = true;
                DecreaseBuffered(message.Channel, message.Length - message.Offset);
                Dequeue();
                continue;
            }

            if (message.HasSsn && now >= message.ExpiresAtMs && _peerForwardTsn)
            {
                AbandonMessage(message); // partly sent: the sent part goes by FORWARD-TSN
                continue;
            }

            int size = Math.Min(_maxDataPayload, message.Length - message.Offset);
            if (_flightSize >= _cwnd || (_peerRwnd < size && _flightSize > 0))
            {
                break;
            }

            if (!message.HasSsn)
            {
                message.HasSsn = true;
                if (!message.Unordered)
                {
                    _nextOutgoingSsn.TryGetValue(message.StreamId, out ushort ssn);
                    message.Ssn = ssn;
                    _nextOutgoingSsn[message.StreamId] = (ushort)(ssn + 1);
                }
            }

            OutboundChunk chunk = _chunkPool.Count > 0 ? _chunkPool.Pop() : new OutboundChunk();
            chunk.Tsn = _nextTsn++;
            chunk.Message = message;
            message.LiveChunks++;
            chunk.Flags = (byte)((message.Offset == 0 ? SctpChunkFlags.Beginning : 0)
                | (message.Offset + size == message.Length ? SctpChunkFlags.End : 0)
                | (message.Unordered ? SctpChunkFlags.Unordered : 0));
            chunk.Payload = ArrayPool<byte>.Shared.Rent(size);
            message.Buffer.AsSpan(message.Offset, size).CopyTo(chunk.Payload);
            chunk.Length = size;
            chunk.SendCount = 1;
            chunk.InFlight = true;
            message.Offset += size;
            if (message.FullyFragmented)
            {
                Dequeue();
            }

            _outstanding.Add(chunk);
            _flightSize += size;
            _peerRwnd = _peerRwnd > (uint)size ? _peerRwnd - (uint)size : 0;
            WriteData(chunk);
            if (!_rttPending)
            {
                _rttPending = true;
                _rttTsn = chunk.Tsn;
                _rttSentAtMs = now;
            }
        }
    }

    private void Dequeue()
    {
        OutboundMessage message = _pending.Dequeue();
        message.Queued = false;
        ReturnMessageBuffer(message);
        TryRecycle(message);
    }

    /// <summary>A message leaves the queue and its last chunk is acknowledged: back to the pool.</summary>
    private void TryRecycle(OutboundMessage message)
    {
        if (!message.Queued && message.LiveChunks == 0)
        {
            message.Channel = null;
            _messagePool.Push(message);
        }
    }

    private void WriteData(OutboundChunk chunk)
    {
        OutboundMessage message = chunk.Message;
        Span<byte> value = AddChunk(SctpChunkType.Data, chunk.Flags, DataChunk.HeaderLength + chunk.Length);
        DataChunk.WriteHeader(value, chunk.Tsn, message.StreamId, message.Unordered ? (ushort)0 : message.Ssn, message.Ppid);
        chunk.Payload.AsSpan(0, chunk.Length).CopyTo(value[DataChunk.HeaderLength..]);
    }

    /// <summary>T3-rtx runs while the peer holds none of some chunk we sent (RFC 9260 §6.3.2 R1-R3).</summary>
    private void UpdateT3()
    {
        bool waiting = false;
        foreach (OutboundChunk chunk in _outstanding)
        {
            if (!chunk.GapAcked)
            {
                waiting = true;
                break;
            }
        }

        if (!waiting)
        {
            _t3DeadlineMs = NoDeadline;
        }
        else if (_t3DeadlineMs == NoDeadline)
        {
            _t3DeadlineMs = NowMs + _rto.RtoMs;
        }
    }

    private static void ReturnMessageBuffer(OutboundMessage message)
    {
        if (message.Buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(message.Buffer);
        }

        message.Buffer = Array.Empty<byte>();
    }

    private void ReleaseChunk(OutboundChunk chunk)
    {
        ReleaseBuffered(chunk);
        ArrayPool<byte>.Shared.Return(chunk.Payload);
        chunk.Payload = Array.Empty<byte>();
        OutboundMessage message = chunk.Message;
        chunk.Message = null!;
        message.LiveChunks--;
        TryRecycle(message);
        chunk.GapAcked = chunk.InFlight = chunk.RetransmitPending = chunk.FastRetransmit = chunk.Abandoned = chunk.Released = false;
        chunk.MissingReports = 0;
        _chunkPool.Push(chunk);
    }

    private void ReleaseBuffered(OutboundChunk chunk)
    {
        if (!chunk.Released)
        {
            chunk.Released = true;
            DecreaseBuffered(chunk.Message.Channel, chunk.Length);
        }
    }

    private void DecreaseBuffered(DataChannel? channel, int bytes)
    {
        _bufferedTotal -= bytes;
        if (channel is null || bytes <= 0)
        {
            return;
        }

        long before = channel.BufferedAmount;
        channel.BufferedAmount = before - bytes;
        if (before > channel.BufferedAmountLowThreshold && channel.BufferedAmount <= channel.BufferedAmountLowThreshold
            && channel.State is DataChannelState.Open or DataChannelState.Connecting)
        {
            Enqueue(new PendingEvent(EventKind.BufferedAmountLow, channel));
        }
    }

    private void ReleaseSendBuffers()
    {
        foreach (OutboundChunk chunk in _outstanding)
        {
            ArrayPool<byte>.Shared.Return(chunk.Payload);
            chunk.Payload = Array.Empty<byte>();
        }

        _outstanding.Clear();
        while (_pending.Count > 0)
        {
            ReturnMessageBuffer(_pending.Dequeue());
        }

        _flightSize = 0;
        _bufferedTotal = 0;
    }
}
