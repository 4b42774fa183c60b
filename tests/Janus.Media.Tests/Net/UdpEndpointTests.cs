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
    public void ReceiveLoopAllocatesNothingPerDatagram()
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
        SendAndWait(sender, target, payload, receiver, 200);
        const int Count = 2000;
        // Allocation is counted process-wide, so the test runner's background work adds noise (never subtracts):
        // the least of three rounds is the loop's own cost. One allocation per datagram (a SocketAddress, an
        // IPEndPoint, a Task) would cost at least 24 × 2000 bytes in every round.
        long least = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            SendAndWait(sender, target, payload, receiver, Count);
            least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
        }
        Assert.True(least < 16 * 1024, $"{least} bytes allocated for {Count} datagrams");
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

    // Blocking and spinning only: the measuring thread must not allocate while it waits.
    private static void SendAndWait(Socket sender, SocketAddress target, byte[] payload, CountingReceiver receiver, int count)
    {
        long start = Volatile.Read(ref receiver.Count);
        for (int i = 0; i < count; i++)
        {
            sender.SendTo(payload, SocketFlags.None, target);
            // Keep at most 32 datagrams in flight so the socket buffer never overflows.
            while (Volatile.Read(ref receiver.Count) < start + i - 32)
            {
                Thread.Yield();
            }
        }
        long deadline = Environment.TickCount64 + 10_000;
        while (Volatile.Read(ref receiver.Count) < start + count && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(1);
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
