namespace Janus.Core;

/// <summary>
/// The one clock of the API core and of the media core is a <see cref="TimeProvider"/> (the system's in production, a
/// fake one in tests, so tests drive time instead of sleeping); this reads it in the units the code keeps: microseconds
/// as Janus reports and times with (janus_get_monotonic_time), milliseconds for timeouts, ICE and RTCP timers.
/// Allocation-free, and in integers: a nanosecond timestamp times a million would overflow after a few hours of uptime.
/// </summary>
public static class TimeUnits
{
    public static long Microseconds(this TimeProvider time) => ToUnits(time.GetTimestamp(), time.TimestampFrequency, 1_000_000);

    public static long Milliseconds(this TimeProvider time) => ToUnits(time.GetTimestamp(), time.TimestampFrequency, 1_000);

    /// <summary>Microseconds since the Unix epoch, for the wall-clock times files and reports carry.</summary>
    public static long UnixMicroseconds(this TimeProvider time) => (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;

    private static long ToUnits(long timestamp, long frequency, long unitsPerSecond) =>
        timestamp / frequency * unitsPerSecond + timestamp % frequency * unitsPerSecond / frequency;
}
