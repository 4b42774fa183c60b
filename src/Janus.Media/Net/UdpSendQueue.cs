using System.Net;

namespace Janus.Media.Net;

/// <summary>
/// The datagrams a reactor thread sends while it handles one round of receives (echoes, relayed packets, RTCP),
/// held until the round ends and then sent with one sendmmsg(2) per run of datagrams on the same socket.
/// <para>
/// Why: on loopback and on paravirtualised hosts a send's fixed cost (the syscall, the wakeup it triggers) weighs
/// more than its bytes; a round that received several datagrams sends their answers in one call. Only the reactor
/// thread that owns the queue uses it; sends from any other thread go out at once.
/// </para>
/// </summary>
internal sealed unsafe class UdpSendQueue : IDisposable
{
    [ThreadStatic]
    private static UdpSendQueue? t_current;

    private readonly MessageBatch _batch;
    private readonly UdpEndpoint?[] _endpoints;
    private int _count;

    public UdpSendQueue(int capacity, int datagramCapacity)
    {
        _batch = new MessageBatch(capacity, datagramCapacity);
        _endpoints = new UdpEndpoint?[capacity];
    }

    /// <summary>The queue of the calling thread, when it is a reactor thread; null elsewhere.</summary>
    public static UdpSendQueue? Current => t_current;

    /// <summary>Makes this the calling thread's queue (the reactor thread, once, before its loop).</summary>
    public void BindToCurrentThread() => t_current = this;

    /// <summary>
    /// Queues a copy of the datagram. False when it cannot be queued (larger than a slot): the queue has been
    /// flushed by then, so the caller's direct send keeps the order.
    /// </summary>
    public bool TryEnqueue(UdpEndpoint endpoint, ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (_count == _batch.Capacity)
        {
            Flush();
        }
        if (!_batch.TrySetOutgoing(_count, datagram, remote))
        {
            Flush();
            return false;
        }
        _endpoints[_count++] = endpoint;
        return true;
    }

    /// <summary>Sends everything queued, one sendmmsg per run of the same socket, in order.</summary>
    public void Flush()
    {
        int start = 0;
        while (start < _count)
        {
            UdpEndpoint endpoint = _endpoints[start]!;
            int end = start + 1;
            while (end < _count && ReferenceEquals(_endpoints[end], endpoint))
            {
                end++;
            }
            endpoint.SendQueued(_batch, start, end - start);
            start = end;
        }
        Array.Clear(_endpoints, 0, _count);
        _count = 0;
    }

    public void Dispose()
    {
        if (ReferenceEquals(t_current, this))
        {
            t_current = null;
        }
        _batch.Dispose();
    }
}
