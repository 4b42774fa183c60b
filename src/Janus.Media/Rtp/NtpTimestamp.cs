namespace Janus.Media.Rtp;

/// <summary>64-bit NTP timestamps as RTCP sender reports carry them (RFC 3550 §4): seconds since 1900 and a 32-bit fraction.</summary>
public static class NtpTimestamp
{
    private static readonly long s_epochTicks = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    public static ulong Now() => FromDateTime(DateTime.UtcNow);

    public static ulong FromDateTime(DateTime utc)
    {
        long ticks = utc.Ticks - s_epochTicks;
        ulong seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        ulong fraction = (ulong)(ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return seconds << 32 | fraction;
    }

    /// <summary>The middle 32 bits (16.16 seconds), the form LSR and round-trip computations use (RFC 3550 §6.4.1).</summary>
    public static uint Compact(ulong ntp) => (uint)(ntp >> 16);
}
