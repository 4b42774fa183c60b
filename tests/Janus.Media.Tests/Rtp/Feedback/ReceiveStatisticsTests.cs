using Janus.Media.Rtp.Rtcp;
using Janus.Media.Rtp.Feedback;

namespace Janus.Media.Tests.Rtp.Feedback;

public sealed class ReceiveStatisticsTests
{
    [Fact]
    public void LossIsCumulativeAndFractionPerInterval()
    {
        var stats = new ReceiveStatistics();
        // 100 expected, 90 received: every tenth packet missing.
        for (int i = 0; i < 100; i++)
        {
            if (i % 10 != 5)
            {
                stats.Update((ushort)(1000 + i), (uint)(i * 3000), i * 3000.0, measureJitter: true);
            }
        }
        RtcpReportBlock block = stats.BuildReportBlock(0x1234, 0);
        Assert.Equal(0x1234u, block.Ssrc);
        Assert.Equal(10, block.CumulativeLost);
        Assert.Equal(1099u, block.ExtendedHighestSequence);
        Assert.Equal((byte)(10 * 256 / 100), block.FractionLost);

        // Next interval without loss: fraction back to 0, cumulative unchanged.
        for (int i = 100; i < 150; i++)
        {
            stats.Update((ushort)(1000 + i), (uint)(i * 3000), i * 3000.0, measureJitter: true);
        }
        block = stats.BuildReportBlock(0x1234, 0);
        Assert.Equal(0, block.FractionLost);
        Assert.Equal(10, block.CumulativeLost);
    }

    [Fact]
    public void TheExtendedSequenceCountsWraps()
    {
        var stats = new ReceiveStatistics();
        for (int i = 0; i < 20; i++)
        {
            stats.Update((ushort)(65530 + i), 0, 0, measureJitter: false);
        }
        RtcpReportBlock block = stats.BuildReportBlock(1, 0);
        Assert.Equal(65536u + 13, block.ExtendedHighestSequence);
        Assert.Equal(0, block.CumulativeLost);
    }

    [Fact]
    public void JitterFollowsArrivalVariation()
    {
        var stats = new ReceiveStatistics();
        // Perfectly paced: no jitter.
        for (int i = 0; i < 50; i++)
        {
            stats.Update((ushort)i, (uint)(i * 960), i * 960.0, measureJitter: true);
        }
        Assert.Equal(0u, stats.Jitter);
        // Every packet alternately 480 units early or late: jitter converges towards 960.
        for (int i = 50; i < 500; i++)
        {
            double offset = i % 2 == 0 ? 480 : -480;
            stats.Update((ushort)i, (uint)(i * 960), i * 960.0 + offset, measureJitter: true);
        }
        Assert.InRange(stats.Jitter, 900u, 960u);
    }

    [Fact]
    public void TheLastSenderReportIsEchoedWithItsDelay()
    {
        var stats = new ReceiveStatistics();
        stats.Update(1, 0, 0, true);
        stats.OnSenderReport(0xAABBCCDD, 10_000);
        RtcpReportBlock block = stats.BuildReportBlock(1, 10_500);
        Assert.Equal(0xAABBCCDDu, block.LastSenderReport);
        Assert.Equal(32768u, block.DelaySinceLastSenderReport); // 0.5 s in 1/65536 s
    }

    [Fact]
    public void DuplicatesDoNotCountAsLoss()
    {
        var stats = new ReceiveStatistics();
        for (int i = 0; i < 10; i++)
        {
            stats.Update((ushort)i, 0, 0, false);
            stats.Update((ushort)i, 0, 0, false);
        }
        Assert.True(stats.BuildReportBlock(1, 0).CumulativeLost <= 0);
    }

    [Fact]
    public void ARestartNeedsTwoConsecutivePackets()
    {
        var stats = new ReceiveStatistics();
        for (int i = 0; i < 10; i++)
        {
            stats.Update((ushort)i, 0, 0, false);
        }
        Assert.False(stats.Update(40000, 0, 0, false));
        Assert.True(stats.Update(40001, 0, 0, false));
        stats.Update(40002, 0, 0, false);
        RtcpReportBlock block = stats.BuildReportBlock(1, 0);
        Assert.Equal(40002u, block.ExtendedHighestSequence);
        Assert.Equal(0, block.CumulativeLost);
    }

    [Fact]
    public void RandomSequencesNeverThrow()
    {
        var random = new Random(3);
        var stats = new ReceiveStatistics();
        for (int i = 0; i < 20000; i++)
        {
            stats.Update((ushort)random.Next(65536), (uint)random.Next(), random.NextDouble() * 1e9, random.Next(2) == 0);
            if (i % 100 == 0)
            {
                stats.BuildReportBlock(1, i);
            }
        }
    }
}
