namespace Janus.Media;

/// <summary>
/// The media core's one clock is a <see cref="TimeProvider"/> (the system's in production, a fake one in tests, so
/// tests drive time instead of sleeping); this reads it in the units the protocol code keeps: microseconds as Janus
/// reports and times with (janus_get_monotonic_time), milliseconds for ICE and RTCP timers. Allocation-free, and in
/// integers: a nanosecond timestamp times a million would overflow after a few hours of uptime.
/// With <see cref="TimeProvider.System"/> the values are those of Janus.Core's MonotonicClock (both read
/// <see cref="System.Diagnostics.Stopwatch"/>), so times the core and the media core report can be compared.
/// </summary>
public static class MediaTime
{
    public static long Microseconds(this TimeProvider time) => ToUnits(time.GetTimestamp(), time.TimestampFrequency, 1_000_000);

    public static long Milliseconds(this TimeProvider time) => ToUnits(time.GetTimestamp(), time.TimestampFrequency, 1_000);

    /// <summary>Microseconds since the Unix epoch, for the wall-clock times files and reports carry.</summary>
    public static long UnixMicroseconds(this TimeProvider time) => (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;

    private static long ToUnits(long timestamp, long frequency, long unitsPerSecond) =>
        timestamp / frequency * unitsPerSecond + timestamp % frequency * unitsPerSecond / frequency;
}
