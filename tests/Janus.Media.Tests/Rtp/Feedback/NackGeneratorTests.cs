using Janus.Media.Rtp.Feedback;

namespace Janus.Media.Tests.Rtp.Feedback;

public sealed class NackGeneratorTests
{
    private static ushort[] Due(NackGenerator nacks, long nowMs)
    {
        var buffer = new ushort[64];
        int count = nacks.CollectDue(nowMs, buffer);
        return buffer[..count];
    }

    [Fact]
    public void OnlyAGapIsMissingAndARepairFillsIt()
    {
        var nacks = new NackGenerator();
        nacks.OnPacket(10);
        nacks.OnPacket(13);
        Assert.True(nacks.IsMissing(11));
        Assert.True(nacks.IsMissing(12));
        Assert.False(nacks.IsMissing(10)); // received: a second copy (an RTX probe) fills nothing
        Assert.False(nacks.IsMissing(14)); // not sent yet
        nacks.OnPacket(11);
        Assert.False(nacks.IsMissing(11));
        Assert.True(nacks.IsMissing(12));
    }

    [Fact]
    public void InOrderPacketsLeaveNothingToRequest()
    {
        var nacks = new NackGenerator();
        for (ushort seq = 100; seq < 200; seq++)
        {
            Assert.Equal(0, nacks.OnPacket(seq));
        }
        Assert.Empty(Due(nacks, 1000));
    }

    [Fact]
    public void AGapIsRequestedAtOnceThenRetriedThenAbandoned()
    {
        var nacks = new NackGenerator();
        nacks.OnPacket(10);
        Assert.Equal(2, nacks.OnPacket(13));
        Assert.Equal(new ushort[] { 11, 12 }, Due(nacks, 1000));
        // Not again before the retry interval.
        Assert.Empty(Due(nacks, 1000 + NackGenerator.RetryIntervalMs - 1));
        Assert.Equal(new ushort[] { 11, 12 }, Due(nacks, 1000 + NackGenerator.RetryIntervalMs));
        Assert.Equal(new ushort[] { 11, 12 }, Due(nacks, 1000 + 2 * NackGenerator.RetryIntervalMs));
        // Three requests went unanswered: given up.
        Assert.Empty(Due(nacks, 1000 + 3 * NackGenerator.RetryIntervalMs));
        Assert.Equal(0, nacks.MissingCount);
    }

    [Fact]
    public void ARepairedPacketIsNoLongerRequested()
    {
        var nacks = new NackGenerator();
        nacks.OnPacket(1);
        nacks.OnPacket(5);
        Due(nacks, 0);
        nacks.OnPacket(3);
        Assert.Equal(new ushort[] { 2, 4 }, Due(nacks, NackGenerator.RetryIntervalMs));
    }

    [Fact]
    public void GapsAcrossTheSequenceWrapAreFound()
    {
        var nacks = new NackGenerator();
        nacks.OnPacket(65534);
        Assert.Equal(2, nacks.OnPacket(1));
        Assert.Equal(new ushort[] { 65535, 0 }, Due(nacks, 5));
    }

    [Fact]
    public void AHugeJumpIsARestartNotALoss()
    {
        var nacks = new NackGenerator();
        nacks.OnPacket(100);
        Assert.Equal(0, nacks.OnPacket(100 + NackGenerator.MaxGap + 1));
        Assert.Equal(0, nacks.MissingCount);
    }

    [Fact]
    public void TrackingIsBoundedAndKeepsTheNewest()
    {
        var nacks = new NackGenerator();
        ushort seq = 0;
        nacks.OnPacket(seq);
        for (int i = 0; i < 200; i++)
        {
            seq += 3;
            nacks.OnPacket(seq);
        }
        Assert.Equal(NackGenerator.Capacity, nacks.MissingCount);
        var all = new ushort[NackGenerator.Capacity];
        int count = nacks.CollectDue(0, all);
        Assert.Equal(NackGenerator.Capacity, count);
        Assert.Equal((ushort)(seq - 1), all[count - 1]);
    }

    [Fact]
    public void ASmallDestinationGetsTheRestLater()
    {
        var nacks = new NackGenerator();
        nacks.OnPacket(0);
        nacks.OnPacket(11);
        var first = new ushort[4];
        Assert.Equal(4, nacks.CollectDue(0, first));
        Assert.Equal(new ushort[] { 1, 2, 3, 4 }, first);
        Assert.Equal(new ushort[] { 5, 6, 7, 8, 9, 10 }, Due(nacks, 0));
    }

    [Fact]
    public void RandomArrivalsNeverThrowAndStayBounded()
    {
        var random = new Random(7);
        var nacks = new NackGenerator();
        var buffer = new ushort[64];
        for (int i = 0; i < 20000; i++)
        {
            nacks.OnPacket((ushort)random.Next(65536));
            nacks.CollectDue(i, buffer);
            Assert.InRange(nacks.MissingCount, 0, NackGenerator.Capacity);
        }
    }
}
