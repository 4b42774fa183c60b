namespace Janus.Media.Tests.Infrastructure;

/// <summary>
/// A clock that moves only when the test says so; timers fire synchronously inside <see cref="AdvanceTo"/>, in due
/// order, each with the clock set to its due time, so a one-shot timer that re-arms itself from its callback (the
/// ICE agent's, SCTP's) ticks at every step of a long advance.
/// <para>
/// Not Microsoft.Extensions.Time.Testing's FakeTimeProvider (used where no timer is involved): its timers fire a
/// due-now timer inside <c>Change</c>, and a one-shot timer re-armed from its own callback is disarmed again when
/// the callback returns, so such a timer ticks once and stops. <see cref="NextDueMs"/> lets a test jump from event
/// to event, which FakeTimeProvider cannot tell.
/// </para>
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly List<ManualTimer> _timers = new();
    private long _nowTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _nowTicks;

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(_nowTicks);

    public long NowMs => _nowTicks / TimeSpan.TicksPerMillisecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>The earliest due time of any armed timer, in ms, or null.</summary>
    public long? NextDueMs()
    {
        lock (_timers)
        {
            long? next = null;
            foreach (ManualTimer timer in _timers)
            {
                if (timer.DueTicks is long due && (next is null || due < next))
                {
                    next = due;
                }
            }

            return next is null ? null : (next + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
        }
    }

    public void Advance(TimeSpan delta) => AdvanceTo(NowMs + (long)delta.TotalMilliseconds);

    public void AdvanceTo(long ms)
    {
        long target = Math.Max(_nowTicks, ms * TimeSpan.TicksPerMillisecond);
        while (true)
        {
            ManualTimer? due = null;
            lock (_timers)
            {
                foreach (ManualTimer timer in _timers)
                {
                    if (timer.DueTicks is long t && t <= target && (due is null || t < due.DueTicks))
                    {
                        due = timer;
                    }
                }

                if (due is null)
                {
                    _nowTicks = target;
                    return;
                }

                _nowTicks = Math.Max(_nowTicks, due.DueTicks!.Value);
                due.DueTicks = due.PeriodTicks is long period ? _nowTicks + period : null;
            }

            due.Fire();
        }
    }

    private sealed class ManualTimer : ITimer
    {
        private readonly ManualTimeProvider _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;

        public ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
        }

        public long? DueTicks { get; set; }

        /// <summary>The period of a periodic timer (MediaClock's ticks), null for a one-shot.</summary>
        public long? PeriodTicks { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_owner._timers)
            {
                DueTicks = dueTime == Timeout.InfiniteTimeSpan ? null : _owner._nowTicks + dueTime.Ticks;
                PeriodTicks = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? null : period.Ticks;
            }

            return true;
        }

        public void Fire() => _callback(_state);

        public void Dispose()
        {
            lock (_owner._timers)
            {
                _owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
