using Janus.Media.Srtp;

namespace Janus.Media.Tests.Srtp;

public sealed class ReplayWindowTests
{
    [Fact]
    public void AcceptsNewRejectsSeenAndTooOld()
    {
        var window = new ReplayWindow(64);
        Assert.Equal(SrtpStatus.Ok, window.Check(100));
        window.Accept(100);
        Assert.Equal(SrtpStatus.Replayed, window.Check(100));
        Assert.Equal(SrtpStatus.Ok, window.Check(99));
        Assert.Equal(SrtpStatus.Ok, window.Check(37));
        Assert.Equal(SrtpStatus.TooOld, window.Check(36));
        window.Accept(99);
        Assert.Equal(SrtpStatus.Replayed, window.Check(99));
    }

    [Fact]
    public void AdvancingClearsTheSlotsOfIndicesThatLeftTheWindow()
    {
        var window = new ReplayWindow(64);
        window.Accept(10);
        window.Accept(11);
        window.Accept(70); // 70 - 64 = 6: the slots of 6..9 and 12..69 are now free
        Assert.Equal(SrtpStatus.Replayed, window.Check(11));
        Assert.Equal(SrtpStatus.Ok, window.Check(12));
        window.Accept(74); // slot of 10 reused by 74
        Assert.Equal(SrtpStatus.TooOld, window.Check(10));
        Assert.Equal(SrtpStatus.Replayed, window.Check(74));
        window.Accept(1000);
        Assert.Equal(SrtpStatus.Ok, window.Check(999));
        Assert.Equal(SrtpStatus.TooOld, window.Check(936));
    }

    [Fact]
    public void SizeMustBeAPowerOfTwoOfAtLeast64()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayWindow(32));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayWindow(96));
        Assert.Equal(1024, new ReplayWindow(1024).Size);
    }
}
