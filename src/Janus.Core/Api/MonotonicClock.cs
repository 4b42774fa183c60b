namespace Janus.Core.Api;

/// <summary>Microseconds of the system's monotonic clock, as Janus reports times (janus_get_monotonic_time).</summary>
public static class MonotonicClock
{
    public static long Micros => TimeProvider.System.Microseconds();
}
