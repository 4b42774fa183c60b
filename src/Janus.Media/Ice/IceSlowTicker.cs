using Janus.Core;
using Janus.Media.Net;

namespace Janus.Media.Ice;

/// <summary>
/// One tick (<see cref="MediaClock"/>) for every agent of a network that only needs one now and then (a connected
/// agent: consent every ~5 s, RFC 7675, and its timeouts). Each agent owning a timer for that cost one thread-pool
/// wakeup per agent per tick, most of an idle server's CPU with many PeerConnections (docs/benchmarks.md); here one
/// callback serves all.
/// Agents with checks in flight keep their own timer, which needs millisecond precision.
/// </summary>
internal sealed class IceSlowTicker : IDisposable
{
    /// <summary>Delays this long or longer go to the shared tick; its period is the precision they get.</summary>
    public const long ThresholdMs = 1000;
    public const int PeriodMs = 250;

    private readonly object _lock = new();
    private readonly HashSet<IceAgent> _agents = new();
    private readonly List<IceAgent> _snapshot = new();
    private readonly TimeProvider _time;
    private readonly IDisposable _timer;
    private int _ticking;

    public IceSlowTicker(TimeProvider time)
    {
        _time = time;
        _timer = MediaClock.Every(time, TimeSpan.FromMilliseconds(PeriodMs), Tick);
    }

    public void Add(IceAgent agent)
    {
        lock (_lock)
        {
            _agents.Add(agent);
        }
    }

    public void Remove(IceAgent agent)
    {
        lock (_lock)
        {
            _agents.Remove(agent);
        }
    }

    private void Tick()
    {
        // A slow round must not overlap the next: the snapshot list is reused.
        if (Interlocked.Exchange(ref _ticking, 1) == 1)
        {
            return;
        }
        try
        {
            lock (_lock)
            {
                _snapshot.Clear();
                _snapshot.AddRange(_agents);
            }
            long now = _time.Milliseconds();
            foreach (IceAgent agent in _snapshot)
            {
                agent.TickIfDue(now);
            }
            _snapshot.Clear();
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    public void Dispose() => _timer.Dispose();
}
