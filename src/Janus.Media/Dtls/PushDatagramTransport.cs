using System.Buffers;
using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace Janus.Media.Dtls;

/// <summary>
/// BouncyCastle's view of the network: a <see cref="DatagramTransport"/> that owns no socket. Datagrams are
/// pushed in by <see cref="Enqueue"/> (the UDP receive loop) and sends go out through a callback.
/// While the handshake runs, <see cref="Receive(Span{byte}, int)"/> blocks the dedicated handshake thread for
/// at most BouncyCastle's wait; after it, <see cref="NonBlocking"/> makes it return only what is queued.
/// </summary>
internal sealed class PushDatagramTransport : DatagramTransport
{
    /// <summary>
    /// The largest datagram we accept: one record of the largest plaintext DTLS allows (2^14, RFC 6347 §4.1)
    /// plus generous room for its header and cipher expansion. Larger datagrams are dropped and counted.
    /// </summary>
    public const int MaxDatagramSize = (1 << 14) + 2048;

    /// <summary>Handshake flights are a few datagrams; more queued than this means a flood, and we drop.</summary>
    private const int MaxQueuedDatagrams = 64;

    private readonly ConcurrentQueue<(byte[] Buffer, int Length)> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly SendDatagram _send;
    private readonly int _mtu;
    private readonly long _deadlineTicks;
    private volatile bool _cancelled;
    private long _dropped;

    public PushDatagramTransport(SendDatagram send, int mtu, TimeSpan handshakeTimeout)
    {
        _send = send;
        _mtu = mtu;
        _deadlineTicks = Environment.TickCount64 + (long)handshakeTimeout.TotalMilliseconds;
    }

    public delegate void SendDatagram(ReadOnlySpan<byte> datagram);

    /// <summary>After the handshake: never wait, hand out what is queued or report "nothing" (-1).</summary>
    public bool NonBlocking { get; set; }

    /// <summary>Set when BouncyCastle closed us (it does after receiving or sending close_notify or a fatal alert).</summary>
    public bool ClosedByRecordLayer { get; private set; }

    /// <summary>Set when a receive gave up because the handshake deadline passed.</summary>
    public bool DeadlinePassed { get; private set; }

    public bool HasQueued => !_queue.IsEmpty;

    public long DroppedDatagrams => Interlocked.Read(ref _dropped);

    /// <summary>Copies a datagram in (pooled buffer). False, and counted, when dropped for size or a full queue.</summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > MaxDatagramSize || _queue.Count >= MaxQueuedDatagrams || _cancelled)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }
        byte[] buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(buffer);
        _queue.Enqueue((buffer, datagram.Length));
        _signal.Release();
        return true;
    }

    /// <summary>Wakes a blocked handshake receive, which then aborts the handshake.</summary>
    public void Cancel()
    {
        _cancelled = true;
        _signal.Release();
    }

    /// <summary>Drops whatever is still queued, returning the buffers to the pool.</summary>
    public void Clear()
    {
        while (_queue.TryDequeue(out var item))
        {
            ArrayPool<byte>.Shared.Return(item.Buffer);
        }
    }

    /// <summary>
    /// BouncyCastle sizes (and allocates) its record buffer from this before every receive. After the handshake
    /// the only reader holds the transport lock, so the head of the queue is exactly what it will get: asking for
    /// just that keeps a 1200-byte datagram from costing an 18 KB buffer. (Within one receive call BouncyCastle
    /// only grows that buffer, and records left over from an earlier datagram are drained first, see
    /// <c>DtlsTransport.DrainRecordsLocked</c>, so nothing larger is ever copied into it.) While the handshake
    /// waits for data yet to arrive, the limit has to be the maximum.
    /// </summary>
    public int GetReceiveLimit()
    {
        if (!NonBlocking)
        {
            return MaxDatagramSize;
        }
        return _queue.TryPeek(out var head) ? head.Length : 0;
    }

    public int GetSendLimit() => _mtu;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        while (true)
        {
            if (_cancelled)
            {
                throw new DtlsHandshakeAbortedException("DTLS transport closed");
            }
            if (TryDequeue(buffer, out int received))
            {
                return received;
            }
            if (NonBlocking)
            {
                return -1;
            }
            long remaining = _deadlineTicks - Environment.TickCount64;
            if (remaining <= 0)
            {
                // Belt and braces over BouncyCastle's own handshake timeout: never wait past our deadline.
                DeadlinePassed = true;
                throw new DtlsHandshakeAbortedException("DTLS handshake timed out");
            }
            // BouncyCastle: a wait of zero means "no limit"; ours is still bounded by the deadline.
            int wait = waitMillis <= 0 ? (int)Math.Min(remaining, int.MaxValue) : (int)Math.Min(waitMillis, remaining);
            if (!_signal.Wait(wait))
            {
                return -1; // BouncyCastle reads -1 as "timed out", which drives its retransmissions.
            }
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        try
        {
            _send(buffer);
        }
        catch (Exception e)
        {
            // A failed UDP send is a lost datagram: DTLS retransmits handshake flights, SCTP its chunks.
            if (Janus.Core.Logging.JanusLog.IsEnabled(Janus.Core.Logging.JanusLogLevel.Dbg))
            {
                Janus.Core.Logging.JanusLog.Debug("[dtls] send callback failed: " + e.Message);
            }
        }
    }

    public void Close() => ClosedByRecordLayer = true;

    private bool TryDequeue(Span<byte> buffer, out int received)
    {
        while (_queue.TryDequeue(out var item))
        {
            try
            {
                if (item.Length <= buffer.Length)
                {
                    item.Buffer.AsSpan(0, item.Length).CopyTo(buffer);
                    received = item.Length;
                    return true;
                }
                Interlocked.Increment(ref _dropped);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(item.Buffer);
            }
        }
        received = -1;
        return false;
    }
}
