using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Janus.Core.Logging;

namespace Janus.Media.Net;

/// <summary>
/// One bound UDP socket and how its datagrams are received.
/// <para>
/// On Linux the socket joins a shared <see cref="UdpReactor"/>: a dedicated thread waits on many sockets with epoll
/// and runs each datagram's path inline (no thread-pool hop, one wakeup for every ready socket). Elsewhere, or when
/// epoll refuses, a receive loop on <c>Socket.ReceiveFromAsync(Memory&lt;byte&gt;, SocketFlags, SocketAddress)</c>
/// into one pooled buffer and one reused <see cref="SocketAddress"/> (allocation-free after the first receive).
/// Either way the receiver sees one datagram at a time. Sending is synchronous
/// <c>SendTo(ReadOnlySpan, SocketFlags, SocketAddress)</c>, allocation-free and safe from several threads.
/// </para>
/// </summary>
internal sealed class UdpEndpoint : IDisposable
{
    // Big enough for any datagram a browser sends us (MTU-sized) and for loopback tests with larger ones.
    private const int ReceiveBufferSize = 8192;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly IUdpReceiver _receiver;
    private readonly SocketAddress _reactorRemote;
    private UdpReactor? _reactor;
    private long _received;
    private long _receiveErrors;
    private long _sendErrors;
    private int _started;
    private int _disposed;

    private UdpEndpoint(Socket socket, IUdpReceiver receiver)
    {
        _socket = socket;
        _receiver = receiver;
        _reactorRemote = new SocketAddress(socket.AddressFamily);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>The reactor's bookkeeping: the slot this endpoint holds (-1 when none) and the registration's generation.</summary>
    internal int ReactorSlot { get; set; } = -1;
    internal uint ReactorGeneration { get; set; }

    /// <summary>True when a reactor thread delivers this endpoint's datagrams (false: its own async loop).</summary>
    internal bool OnReactor => _reactor is not null;

    public IPEndPoint LocalEndPoint { get; }
    public long Received => Interlocked.Read(ref _received);
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);
    /// <summary>Queued datagrams the socket refused (direct sends report a refusal to their caller instead).</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>
    /// Binds a socket on <paramref name="address"/>: a port from [min, max] starting at a random one, as Janus picks
    /// from rtp_port_range, or an ephemeral port when the range is 0. Throws <see cref="SocketException"/> when
    /// every port in the range is taken.
    /// </summary>
    public static UdpEndpoint Bind(IPAddress address, int portMin, int portMax, IUdpReceiver receiver)
    {
        if (portMin <= 0 || portMax < portMin)
        {
            return new UdpEndpoint(CreateBound(address, portMin > 0 ? portMin : 0), receiver);
        }
        int count = portMax - portMin + 1;
        int start = Random.Shared.Next(count);
        for (int i = 0; i < count; i++)
        {
            int port = portMin + (start + i) % count;
            try
            {
                return new UdpEndpoint(CreateBound(address, port), receiver);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                // try the next port in the range
            }
        }
        throw new SocketException((int)SocketError.AddressAlreadyInUse);
    }

    public void Start() => Start(UdpReactor.NextShared());

    /// <summary>Starts receiving on <paramref name="reactor"/>, or on an async loop of its own when it is null or refuses.</summary>
    internal void Start(UdpReactor? reactor)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }
        if (reactor is not null && reactor.Register(this, (int)_socket.SafeHandle.DangerousGetHandle()))
        {
            _reactor = reactor;
            return;
        }
        _ = ReceiveLoopAsync();
    }

    /// <summary>
    /// Called by the reactor when the socket is readable: takes up to the batch's capacity of datagrams in one
    /// recvmmsg(MSG_DONTWAIT) and hands them on in order.
    /// </summary>
    internal void ReceiveBatch(MessageBatch batch)
    {
        if (ReactorSlot < 0)
        {
            return;
        }
        int count = ReceiveWithoutBlocking(batch);
        if (count <= 0)
        {
            return;
        }
        Interlocked.Add(ref _received, count);
        // The socket's handle is released by now: a handler may close this endpoint (a PeerConnection that ends on
        // this very datagram), and closing waits for every outstanding reference to the handle. What is left of
        // the batch then is dropped with the endpoint.
        for (int i = 0; i < count && ReactorSlot >= 0; i++)
        {
            batch.CopyAddress(i, _reactorRemote);
            Deliver(batch.Received(i), _reactorRemote);
        }
    }

    /// <summary>One recvmmsg(MSG_DONTWAIT) into the reactor's batch; how many datagrams came (0 when none).</summary>
    private unsafe int ReceiveWithoutBlocking(MessageBatch batch)
    {
        SafeSocketHandle handle = _socket.SafeHandle;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            batch.PrepareReceive();
            int count = LinuxSocketCalls.RecvMmsg((int)handle.DangerousGetHandle(), batch.MessagesFrom(0),
                (uint)batch.Capacity, LinuxSocketCalls.MsgDontWait, null);
            if (count < 0)
            {
                // EAGAIN: nothing after all (a checksum failure dropped it). Anything else (an ICMP error surfacing
                // as ECONNREFUSED) is counted as the async loop counts it.
                if (Marshal.GetLastPInvokeError() != LinuxSocketCalls.EAgain)
                {
                    Interlocked.Increment(ref _receiveErrors);
                }
                return 0;
            }
            return count;
        }
        catch (ObjectDisposedException)
        {
            return 0; // closed since epoll reported it
        }
        catch (Exception e)
        {
            // Nothing may escape onto the reactor thread: it serves every other socket too.
            Interlocked.Increment(ref _receiveErrors);
            JanusLog.Error($"[net] receive failed on {LocalEndPoint}: {e.GetType().Name}: {e.Message}");
            return 0;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private void Deliver(Span<byte> datagram, SocketAddress remote)
    {
        try
        {
            _receiver.OnDatagram(this, datagram, remote);
        }
        catch (Exception e)
        {
            // A bug in a handler must not stop the socket (or, on a reactor, every other socket); count and log it.
            Interlocked.Increment(ref _receiveErrors);
            JanusLog.Error($"[net] datagram handler failed on {LocalEndPoint}: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// Allocation-free send; false when the socket refused it (closed, unreachable, buffer full). On a reactor
    /// thread the datagram is queued and leaves with the round's other sends (<see cref="UdpSendQueue"/>); a
    /// refusal then shows as <see cref="SendErrors"/> instead.
    /// </summary>
    public bool SendTo(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        UdpSendQueue? queue = UdpSendQueue.Current;
        if (queue is not null && _disposed == 0 && queue.TryEnqueue(this, datagram, remote))
        {
            return true;
        }
        try
        {
            return _socket.SendTo(datagram, SocketFlags.None, remote) == datagram.Length;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Sends messages [start, start + count) of the batch with sendmmsg; the reactor thread's flush.</summary>
    internal unsafe void SendQueued(MessageBatch batch, int start, int count)
    {
        SafeSocketHandle handle = _socket.SafeHandle;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            while (count > 0)
            {
                int sent = LinuxSocketCalls.SendMmsg(fd, batch.MessagesFrom(start), (uint)count, 0);
                if (sent <= 0)
                {
                    // The first message was refused (unreachable, buffer full): drop it, as a failed sendto would.
                    Interlocked.Increment(ref _sendErrors);
                    sent = 1;
                }
                start += sent;
                count -= sent;
            }
        }
        catch (ObjectDisposedException)
        {
            Interlocked.Add(ref _sendErrors, count); // closed while its datagrams waited for the round's end
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static Socket CreateBound(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }
            socket.ReceiveBufferSize = 1 << 20;
            socket.SendBufferSize = 1 << 20;
            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        var remote = new SocketAddress(_socket.AddressFamily);
        CancellationToken token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                int length;
                try
                {
                    length = await _socket.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, remote, token).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    // ICMP port unreachable (ConnectionReset) and truncation come back as errors: keep receiving.
                    Interlocked.Increment(ref _receiveErrors);
                    continue;
                }
                Interlocked.Increment(ref _received);
                Deliver(buffer.AsSpan(0, length), remote);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Stops receiving and closes the socket; safe to call more than once and from any thread.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        // Closed on a reactor thread (a PeerConnection ending on one of its own datagrams): what it queued for
        // this socket in the same round, a DTLS close alert say, leaves before the socket closes.
        UdpSendQueue.Current?.Flush();
        if (_reactor is not null)
        {
            // Out of epoll before the descriptor closes, so its number can never reach the reactor for a new socket.
            _reactor.Unregister(this, (int)_socket.SafeHandle.DangerousGetHandle());
        }
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }
}
