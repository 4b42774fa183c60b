using System.Buffers.Binary;
using System.Text;

namespace Janus.Media.Sctp;

// Graceful close (RFC 9260 §9.2), ABORT (§9.1) and the end of everything.
public sealed partial class SctpAssociation
{
    private int _shutdownAttempts;

    private void BeginShutdown()
    {
        switch (_state)
        {
            case Phase.Idle or Phase.CookieWait:
                Terminate("closed");
                break;
            case Phase.CookieEchoed:
                SendAbort("closed");
                Terminate("closed");
                break;
            case Phase.Established:
                _state = Phase.ShutdownPending;
                break;
        }
    }

    /// <summary>Called after each flush: sends SHUTDOWN or SHUTDOWN ACK once all our data is acknowledged.</summary>
    private void ProgressShutdown()
    {
        bool drained = _pending.Count == 0 && _outstanding.Count == 0;
        if (!drained)
        {
            return;
        }

        if (_state == Phase.ShutdownPending)
        {
            _state = Phase.ShutdownSent;
            _shutdownAttempts = 0;
            SendShutdown();
        }
        else if (_state == Phase.ShutdownReceived)
        {
            _state = Phase.ShutdownAckSent;
            _shutdownAttempts = 0;
            SendControl(SctpChunkType.ShutdownAck);
            _t2DeadlineMs = NowMs + _rto.RtoMs;
            ArmTimer();
        }
    }

    private void SendShutdown()
    {
        _writer.Begin(_options.LocalPort, _options.RemotePort, _peerTag);
        BinaryPrimitives.WriteUInt32BigEndian(_writer.AddChunk(SctpChunkType.Shutdown, 0, 4), _rx.CumulativeTsn);
        SendPacket();
        _t2DeadlineMs = NowMs + _rto.RtoMs;
        ArmTimer();
    }

    private void HandleShutdown(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
        {
            Counters.MalformedDropped++;
            return;
        }

        if (_state is Phase.Idle or Phase.CookieWait or Phase.CookieEchoed)
        {
            Counters.UnexpectedDropped++;
            return;
        }

        ProcessCumulativeAck(BinaryPrimitives.ReadUInt32BigEndian(value));
        if (_state is Phase.Established or Phase.ShutdownPending)
        {
            _state = Phase.ShutdownReceived;
        }
        else if (_state == Phase.ShutdownSent)
        {
            // §9.2: both sides sent SHUTDOWN; answer with SHUTDOWN ACK.
            _state = Phase.ShutdownAckSent;
            SendControl(SctpChunkType.ShutdownAck);
            _t2DeadlineMs = NowMs + _rto.RtoMs;
            ArmTimer();
        }
    }

    private void HandleShutdownAck()
    {
        if (_state is Phase.ShutdownSent or Phase.ShutdownAckSent)
        {
            SendControl(SctpChunkType.ShutdownComplete);
            Terminate("shutdown");
        }
        else
        {
            // §8.4 item 5: an out-of-the-blue SHUTDOWN ACK is answered with SHUTDOWN COMPLETE, tag reflected.
            SendControl(SctpChunkType.ShutdownComplete, SctpChunkFlags.TagReflected);
        }
    }

    private void HandleShutdownComplete()
    {
        if (_state == Phase.ShutdownAckSent)
        {
            Terminate("shutdown");
        }
    }

    private void OnT2Expired()
    {
        _t2DeadlineMs = NoDeadline;
        if (++_shutdownAttempts > _options.MaxRetransmissions)
        {
            Terminate("shutdown timed out");
            return;
        }

        Counters.Timeouts++;
        _rto.BackOff();
        if (_state == Phase.ShutdownSent)
        {
            SendShutdown();
        }
        else if (_state == Phase.ShutdownAckSent)
        {
            SendControl(SctpChunkType.ShutdownAck);
            _t2DeadlineMs = NowMs + _rto.RtoMs;
            ArmTimer();
        }
    }

    private void SendAbort(string reason)
    {
        if (_peerTag == 0)
        {
            return;
        }

        Span<byte> info = stackalloc byte[64];
        int length = Encoding.UTF8.GetBytes(reason.AsSpan(0, Math.Min(reason.Length, 16)), info);
        _writer.Begin(_options.LocalPort, _options.RemotePort, _peerTag);
        Span<byte> cause = _writer.AddChunk(SctpChunkType.Abort, 0, ErrorCause.Length(length));
        ErrorCause.Write(cause, ErrorCause.UserInitiatedAbort, info[..length]);
        SendPacket();
    }

    /// <summary>Closes for good: frees every buffer, closes every channel, reports why.</summary>
    private void Terminate(string reason)
    {
        if (_state == Phase.Closed)
        {
            return;
        }

        _state = Phase.Closed;
        _t1DeadlineMs = _t2DeadlineMs = _t3DeadlineMs = _sackDeadlineMs = _reconfigDeadlineMs = NoDeadline;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        ReleaseSendBuffers();
        _reassembly.Clear();
        foreach (DataChannel channel in _channels.Values)
        {
            if (channel.State != DataChannelState.Closed)
            {
                channel.State = DataChannelState.Closed;
                Enqueue(new PendingEvent(EventKind.ChannelClosed, channel));
            }
        }

        _channels.Clear();
        Enqueue(new PendingEvent(EventKind.Closed, Reason: reason));
    }
}
