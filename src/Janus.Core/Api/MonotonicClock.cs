namespace Janus.Core.Api;

/// <summary>
/// Readings of the core's one clock, a <see cref="TimeProvider"/> (the system's in production, a fake one in tests), in
/// the units Janus uses: microseconds as the Admin API reports them (janus_get_monotonic_time), milliseconds for timeouts.
/// </summary>
public static class MonotonicClock
{
    public static long Micros => TimeProvider.System.Microseconds();

    public static long Microseconds(this TimeProvider time) => (long)(time.GetTimestamp() * (1_000_000.0 / time.TimestampFrequency));

    public static long Milliseconds(this TimeProvider time) => (long)(time.GetTimestamp() * (1_000.0 / time.TimestampFrequency));
}
