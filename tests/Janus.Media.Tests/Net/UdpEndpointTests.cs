using System.Net;
using System.Net.Sockets;
using Janus.Media.Net;

namespace Janus.Media.Tests.Net;

[CollectionDefinition(nameof(AllocationMeasurement), DisableParallelization = true)]
public sealed class AllocationMeasurement
{
}

/// <summary>The receive loop and SendTo allocate nothing per datagram (measured process-wide, so run alone).</summary>
[Collection(nameof(AllocationMeasurement))]
public sealed class UdpEndpointTests
{
    [Fact]
    public async Task ReceiveLoopAllocatesNothingPerDatagram()
    {
        var receiver = new CountingReceiver();
        using UdpEndpoint endpoint = UdpEndpoint.Bind(IPAddress.Loopback, 0, 0, receiver);
        endpoint.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        SocketAddress target = endpoint.LocalEndPoint.Serialize();
        byte[] payload = new byte[1200];
        payload[0] = 0x80;

        // Warm up: the first receives create the cached awaitable and JIT everything.
        await SendAndWait(sender, target, payload, receiver, 200);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        const int Count = 2000;
        await SendAndWait(sender, target, payload, receiver, Count);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // A few hundred bytes of slack for the test's own awaits and the thread pool; a per-datagram
        // allocation (a SocketAddress, an IPEndPoint, a Task) would cost at least 24 bytes × 2000.
        Assert.True(allocated < 16 * 1024, $"{allocated} bytes allocated for {Count} datagrams");
    }

    [Fact]
    public void SendToAllocatesNothing()
    {
        using UdpEndpoint endpoint = UdpEndpoint.Bind(IPAddress.Loopback, 0, 0, new CountingReceiver());
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        SocketAddress target = ((IPEndPoint)sink.LocalEndPoint!).Serialize();
        byte[] payload = new byte[200];
        endpoint.SendTo(payload, target);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            endpoint.SendTo(payload, target);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void HandlerExceptionsDoNotStopTheLoop()
    {
        var receiver = new ThrowingReceiver();
        using UdpEndpoint endpoint = UdpEndpoint.Bind(IPAddress.Loopback, 0, 0, receiver);
        endpoint.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.SendTo(new byte[] { 1 }, endpoint.LocalEndPoint);
        sender.SendTo(new byte[] { 2 }, endpoint.LocalEndPoint);
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref receiver.Calls) == 2, 5000));
        Assert.True(SpinWait.SpinUntil(() => endpoint.ReceiveErrors == 2, 5000));
    }

    private static async Task SendAndWait(Socket sender, SocketAddress target, byte[] payload, CountingReceiver receiver, int count)
    {
        long start = Volatile.Read(ref receiver.Count);
        for (int i = 0; i < count; i++)
        {
            sender.SendTo(payload, SocketFlags.None, target);
            if ((i & 63) == 63)
            {
                // Do not overrun the socket buffer.
                while (Volatile.Read(ref receiver.Count) < start + i - 32)
                {
                    await Task.Yield();
                }
            }
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref receiver.Count) < start + count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1);
        }
        Assert.Equal(start + count, Volatile.Read(ref receiver.Count));
    }

    private sealed class CountingReceiver : IUdpReceiver
    {
        public long Count;

        public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, SocketAddress remote) => Interlocked.Increment(ref Count);
    }

    private sealed class ThrowingReceiver : IUdpReceiver
    {
        public int Calls;

        public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, SocketAddress remote)
        {
            Interlocked.Increment(ref Calls);
            throw new InvalidOperationException("handler bug");
        }
    }
}
