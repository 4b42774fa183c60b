namespace Janus.Media.Net;

/// <summary>
/// Where the media core's periodic work runs: RTCP reports and the no-media timer (1 s), transport-wide CC feedback
/// (-B), the connected ICE agents' consent tick, keyframe-request pacing. On Linux it runs on the clock reactor's
/// thread between rounds of datagrams (<see cref="UdpReactor.Every"/>): a tick that falls due while packets flow
/// rides on a wakeup that happens anyway, where a <see cref="Timer"/> woke the timer thread and then a thread-pool
/// thread for every tick. Elsewhere, a <see cref="Timer"/>.
/// <para>
/// Ticks must not block (they share the thread with every socket of that reactor) and must not overlap themselves
/// on the timer fallback; each caller's tick already guards against that.
/// </para>
/// <para>
/// Owners that take a <see cref="TimeProvider"/> pass it: any provider but <see cref="TimeProvider.System"/> (a test's
/// fake clock) gets a timer of that provider, so the ticks follow the clock the test drives. The reactor keeps
/// real time only.
/// </para>
/// </summary>
internal static class MediaClock
{
    public static IDisposable Every(TimeSpan period, Action tick) => Every(TimeProvider.System, period, tick);

    public static IDisposable Every(TimeProvider time, TimeSpan period, Action tick)
    {
        if (ReferenceEquals(time, TimeProvider.System) && UdpReactor.Clock is { } reactor)
        {
            return reactor.Every(period, tick);
        }
        return time.CreateTimer(static state => ((Action)state!)(), tick, period, period);
    }
}
