namespace Janus.Media.Tests.Sctp.Infrastructure;

/// <summary>A clock that moves only when the test says so; timers fire synchronously inside <see cref="AdvanceTo"/>.</summary>
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

    public void AdvanceTo(long ms)
    {
        long target = ms * TimeSpan.TicksPerMillisecond;
        if (target > _nowTicks)
        {
            _nowTicks = target;
        }

        while (true)
        {
            ManualTimer? due = null;
            lock (_timers)
            {
                foreach (ManualTimer timer in _timers)
                {
                    if (timer.DueTicks is long t && t <= _nowTicks && (due is null || t < due.DueTicks))
                    {
                        due = timer;
                    }
                }

                if (due is null)
                {
                    return;
                }

                due.DueTicks = null;
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

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_owner._timers)
            {
                DueTicks = dueTime == Timeout.InfiniteTimeSpan ? null : _owner._nowTicks + dueTime.Ticks;
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
