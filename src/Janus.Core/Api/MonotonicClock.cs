using System.Diagnostics;

namespace Janus.Core.Api;

/// <summary>Microseconds of a monotonic clock, as Janus reports times in the Admin API (janus_get_monotonic_time).</summary>
public static class MonotonicClock
{
    public static long Micros => (long)(Stopwatch.GetTimestamp() * (1_000_000.0 / Stopwatch.Frequency));
}
