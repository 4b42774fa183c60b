using System.Buffers;
using Janus.Core.Logging;
using Org.BouncyCastle.Tls;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace Janus.Media.Dtls;

public sealed partial class DtlsTransport
{
    /// <summary>
    /// One datagram from the UDP loop, already demultiplexed as DTLS. Never blocks and never throws: bad input
    /// is dropped and counted (<see cref="DroppedCount"/>).
    /// </summary>
    public void HandleIncoming(ReadOnlySpan<byte> datagram)
    {
        string? closeReason = null;
        try
        {
            // RFC 7983 §7: a DTLS record starts with a content type in 20..63; anything else is not ours.
            if (!IsDtlsDatagram(datagram) || !DtlsRecordFilter.IsPlausible(datagram))
            {
                Interlocked.Increment(ref _droppedRecords);
                return;
            }
            lock (_gate)
            {
                switch (_state)
                {
                    case DtlsTransportState.New:
                    case DtlsTransportState.Connecting:
                        // The handshake thread consumes the queue.
                        _datagrams.Enqueue(datagram);
                        return;
                    case DtlsTransportState.Connected:
                        // Until the Connected handlers have run, records wait in the queue.
                        if (_datagrams.Enqueue(datagram) && _deliverRecords)
                        {
                            closeReason = DrainRecordsLocked();
                        }
                        break;
                    default:
                        Interlocked.Increment(ref _droppedRecords);
                        return;
                }
            }
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _droppedRecords);
            if (JanusLog.IsEnabled(JanusLogLevel.Dbg))
            {
                JanusLog.Debug("[dtls] incoming datagram dropped: " + e.Message);
            }
        }
        if (closeReason is not null)
        {
            Raise(Closed, closeReason, nameof(Closed));
        }
    }

    /// <summary>
    /// Feeds every queued datagram through BouncyCastle's record layer and raises <see cref="ApplicationData"/>
    /// per record. Caller holds <see cref="_gate"/>. Returns a reason when the peer closed the connection.
    /// </summary>
    private string? DrainRecordsLocked()
    {
        BcDtlsTransport? dtls = _dtls;
        if (dtls is null)
        {
            return null;
        }
        // Rented per drain rather than 16 KB held by every PeerConnection: records are rare next to SRTP (data
        // channels, alerts), and an idle PeerConnection should not pay for the largest record it might get.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(MaxRecordPlaintext);
        try
        {
            return DrainRecordsLocked(dtls, buffer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private string? DrainRecordsLocked(BcDtlsTransport dtls, byte[] buffer)
    {
        do
        {
            try
            {
                // Records left inside the record layer from an earlier datagram (several records in one
                // datagram, or the tail of the last handshake datagram) come first.
                DeliverPendingRecords(dtls, buffer);
                if (_datagrams.HasQueued && _state == DtlsTransportState.Connected)
                {
                    // waitMillis 1 is BouncyCastle's shortest bounded wait (0 would mean forever); the queue is
                    // non-blocking, so this returns as soon as it is empty.
                    int length = dtls.Receive(buffer, 0, MaxRecordPlaintext, 1);
                    if (length >= 0)
                    {
                        DeliverRecord(buffer.AsSpan(0, length));
                    }
                    DeliverPendingRecords(dtls, buffer);
                }
            }
            catch (TlsFatalAlertReceived)
            {
                return RemoteClosedLocked();
            }
            catch (Exception e)
            {
                // The record layer has failed itself (and told the peer); nothing more can flow.
                JanusLog.Warn("[dtls] connection failed: " + e);
                return RemoteClosedLocked();
            }
            if (_datagrams.ClosedByRecordLayer)
            {
                // close_notify received: BouncyCastle already answered with its own (RFC 5246 §7.2.1).
                return RemoteClosedLocked();
            }
        }
        while (_state == DtlsTransportState.Connected && _datagrams.HasQueued);
        return null;
    }

    private void DeliverPendingRecords(BcDtlsTransport dtls, byte[] buffer)
    {
        int length;
        while ((length = dtls.ReceivePending(buffer, 0, MaxRecordPlaintext)) >= 0)
        {
            DeliverRecord(buffer.AsSpan(0, length));
        }
    }

    private void DeliverRecord(ReadOnlySpan<byte> record)
    {
        DtlsApplicationDataHandler? handler = ApplicationData;
        if (handler is null)
        {
            return;
        }
        try
        {
            handler(record);
        }
        catch (Exception e)
        {
            JanusLog.Error("[dtls] ApplicationData handler threw: " + e);
        }
    }

    /// <summary>The peer ended the connection, unless we closed it ourselves meanwhile (a handler may call Close).</summary>
    private string? RemoteClosedLocked()
    {
        if (_state != DtlsTransportState.Connected)
        {
            return null;
        }
        _state = DtlsTransportState.Closed;
        _dtls = null;
        _datagrams.Clear();
        return RemoteAlertReason;
    }
}
