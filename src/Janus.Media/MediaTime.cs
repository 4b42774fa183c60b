namespace Janus.Media;

/// <summary>
/// The media core reads time only through an injected <see cref="TimeProvider"/> (<see cref="TimeProvider.System"/>
/// in the server, a fake one in tests, so tests drive time instead of sleeping). These turn its monotonic
/// timestamp into the units the protocol code keeps (Janus's janus_get_monotonic_time is microseconds), without
/// allocating and without overflow: a nanosecond timestamp times a million would overflow after a few hours.
/// With <see cref="TimeProvider.System"/> the values are those of Janus.Core's MonotonicClock (both read
/// <see cref="System.Diagnostics.Stopwatch"/>), so times the core and the media core report can be compared.
/// </summary>
internal static class MediaTime
{
    public static long Micros(this TimeProvider time) => ToUnits(time.GetTimestamp(), time.TimestampFrequency, 1_000_000);

    public static long Millis(this TimeProvider time) => ToUnits(time.GetTimestamp(), time.TimestampFrequency, 1_000);

    /// <summary>Microseconds since the Unix epoch, for the wall-clock times files and reports carry.</summary>
    public static long UnixMicros(this TimeProvider time) => (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;

    private static long ToUnits(long timestamp, long frequency, long unitsPerSecond) =>
        timestamp / frequency * unitsPerSecond + timestamp % frequency * unitsPerSecond / frequency;
}
