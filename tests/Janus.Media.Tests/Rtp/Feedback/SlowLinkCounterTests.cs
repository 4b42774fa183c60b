using Janus.Media.Rtp.Feedback;

namespace Janus.Media.Tests.Rtp.Feedback;

public sealed class SlowLinkCounterTests
{
    [Fact]
    public void ReportsOnlyWindowsAtOrOverTheThreshold()
    {
        var counter = new SlowLinkCounter();
        counter.Add(3);
        counter.Add(1);
        Assert.Equal(0, counter.Check(5));
        counter.Add(5);
        Assert.Equal(5, counter.Check(5));
        // A new window starts after each check.
        Assert.Equal(0, counter.Check(5));
        Assert.Equal(9, counter.Lost);
    }

    [Fact]
    public void ZeroThresholdDisablesIt()
    {
        var counter = new SlowLinkCounter();
        counter.Add(1000);
        Assert.Equal(0, counter.Check(0));
    }
}
