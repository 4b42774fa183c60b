using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Janus.Core.Logging;

namespace Janus.Media.Net;

/// <summary>
/// One bound UDP socket and its receive loop.
/// <para>
/// The loop is <c>Socket.ReceiveFromAsync(Memory&lt;byte&gt;, SocketFlags, SocketAddress)</c> into one pooled buffer
/// and one reused <see cref="SocketAddress"/>: on .NET 8+ that overload completes through a cached
/// SocketAsyncEventArgs-backed IValueTaskSource, so after the first receive it allocates nothing per datagram
/// (<c>UdpEndpointTests.ReceiveLoopAllocatesNothingPerDatagram</c> measures it). We chose it over a dedicated thread
/// with a blocking ReceiveFrom because without single-port mode there is a socket per PeerConnection, and a thread
/// per socket would mean a thread (and its 1 MB stack) per PeerConnection; the async loop costs a thread-pool
/// callback only while datagrams arrive. Sending is synchronous <c>SendTo(ReadOnlySpan, SocketFlags, SocketAddress)</c>,
/// which is allocation-free and safe to call from several threads on a datagram socket.
/// </para>
/// </summary>
internal sealed class UdpEndpoint : IDisposable
{
    // Big enough for any datagram a browser sends us (MTU-sized) and for loopback tests with larger ones.
    private const int ReceiveBufferSize = 8192;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly IUdpReceiver _receiver;
    private long _received;
    private long _receiveErrors;
    private int _started;

    private UdpEndpoint(Socket socket, IUdpReceiver receiver)
    {
        _socket = socket;
        _receiver = receiver;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }
    public long Received => Interlocked.Read(ref _received);
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

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

    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = ReceiveLoopAsync();
        }
    }

    /// <summary>Allocation-free send; false when the socket refused it (closed, unreachable, buffer full).</summary>
    public bool SendTo(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
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
                try
                {
                    _receiver.OnDatagram(this, buffer.AsSpan(0, length), remote);
                }
                catch (Exception e)
                {
                    // A bug in a handler must not stop the socket; count it and log it.
                    Interlocked.Increment(ref _receiveErrors);
                    JanusLog.Error($"[net] datagram handler failed on {LocalEndPoint}: {e.GetType().Name}: {e.Message}");
                }
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

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }
}
