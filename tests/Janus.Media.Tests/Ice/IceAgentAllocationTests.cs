using Janus.Media.Ice;
using Janus.Media.Net;
using Janus.Media.Tests.Net;
using static Janus.Media.Tests.Ice.Infrastructure.IceTestNetworks;

namespace Janus.Media.Tests.Ice;

/// <summary>Media through a connected agent (Send, receive loop, demux, sink) allocates nothing per datagram.</summary>
[Collection(nameof(AllocationMeasurement))]
public sealed class IceAgentAllocationTests
{
    [Fact]
    public async Task MediaPathAllocatesNothingPerDatagram()
    {
        // Slow consent so no STUN traffic falls inside the measurement.
        using IceNetwork network = Create(timings: FastTimings(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)));
        var sink = new CountingSink();
        using IceAgent a = network.CreateAgent(IceRole.Controlling, new CountingSink());
        using IceAgent b = network.CreateAgent(IceRole.Controlled, sink);
        Connect(a, b);
        await WaitUntil(() => a.State == IceConnectionState.Completed && b.State == IceConnectionState.Completed, "completed");
        byte[] rtp = new byte[1000];
        rtp[0] = 0x80;
        Measure(a, rtp, sink, 200);
        long least = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            Measure(a, rtp, sink, 2000);
            least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
        }
        Assert.True(least < 16 * 1024, $"{least} bytes allocated for 2000 datagrams");
    }

    private static void Measure(IceAgent sender, byte[] datagram, CountingSink sink, int count)
    {
        long start = Volatile.Read(ref sink.Count);
        for (int i = 0; i < count; i++)
        {
            Assert.True(sender.Send(datagram));
            while (Volatile.Read(ref sink.Count) < start + i - 32)
            {
                Thread.Yield();
            }
        }
        long deadline = Environment.TickCount64 + 10_000;
        while (Volatile.Read(ref sink.Count) < start + count && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(1);
        }
        Assert.Equal(start + count, Volatile.Read(ref sink.Count));
    }

    private sealed class CountingSink : IIceDatagramSink
    {
        public long Count;

        public void OnDatagram(DatagramKind kind, Span<byte> datagram, IceCandidatePair pair) => Interlocked.Increment(ref Count);
    }
}
