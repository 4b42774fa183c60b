namespace Janus.Media;

/// <summary>
/// The media core's one clock is a <see cref="TimeProvider"/> (the system's in production, a fake one in tests);
/// this reads it in the microseconds Janus reports and times with (janus_get_monotonic_time), allocation-free.
/// </summary>
public static class MediaTime
{
    public static long Microseconds(this TimeProvider time) =>
        (long)(time.GetTimestamp() * (1_000_000.0 / time.TimestampFrequency));
}
