using Janus.Media.Net;
using Janus.Media.Tests.Infrastructure;

namespace Janus.Media.Tests.Net;

public sealed class MediaClockTests
{
    [Fact]
    public void PeriodicWorkFollowsAnInjectedClockNotRealTime()
    {
        var clock = new ManualTimeProvider();
        var ticks = new List<long>();
        using (MediaClock.Every(clock, TimeSpan.FromMilliseconds(250), () => ticks.Add(clock.NowMs)))
        {
            clock.AdvanceTo(249);
            Assert.Empty(ticks);
            clock.AdvanceTo(1000);
            Assert.Equal([250L, 500L, 750L, 1000L], ticks);
        }
        clock.AdvanceTo(2000);
        Assert.Equal(4, ticks.Count); // disposed: no more ticks
    }
}
