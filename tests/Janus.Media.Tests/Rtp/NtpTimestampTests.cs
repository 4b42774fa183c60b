using Janus.Media.Rtp;

namespace Janus.Media.Tests.Rtp;

public sealed class NtpTimestampTests
{
    [Fact]
    public void UnixEpochIsTheKnownNtpOffset()
    {
        ulong ntp = NtpTimestamp.FromDateTime(new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(2208988800UL << 32, ntp);
    }

    [Fact]
    public void HalfASecondIsHalfTheFraction()
    {
        ulong ntp = NtpTimestamp.FromDateTime(new DateTime(1970, 1, 1, 0, 0, 0, 500, DateTimeKind.Utc));
        Assert.Equal(0x8000_0000UL, ntp & 0xFFFF_FFFF);
        Assert.Equal((uint)((2208988800UL & 0xFFFF) << 16 | 0x8000), NtpTimestamp.Compact(ntp));
    }
}
