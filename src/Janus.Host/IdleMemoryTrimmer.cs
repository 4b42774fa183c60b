using Janus.Core.Logging;

namespace Janus.Host;

/// <summary>
/// Gives the memory of a burst back to the OS once the server has gone quiet. The GC only returns memory when it
/// runs, and it runs only when something allocates: after a burst (thousands of requests, full send backlogs) an idle
/// server allocates next to nothing, so the heap the burst left behind, garbage by then, stayed committed (measured:
/// 197 MB before a burst, 439 MB at its peak, 440 MB 30 s later, whatever the GC settings; docs/benchmarks.md).
/// Every <see cref="DefaultCheckInterval"/> this looks at what was allocated: when a check finds less than
/// <see cref="DefaultIdleBytesPerCheck"/> since the last one (quiet) and at least <see cref="DefaultBurstBytes"/>
/// since the last trim (a burst happened), it runs one aggressive collection, which compacts and decommits what it
/// frees. A busy server is never interrupted, and a quiet one pays one collection per burst.
/// </summary>
internal sealed class IdleMemoryTrimmer : IDisposable
{
    public static readonly TimeSpan DefaultCheckInterval = TimeSpan.FromSeconds(5);
    public const long DefaultIdleBytesPerCheck = 1L << 20;
    public const long DefaultBurstBytes = 64L << 20;

    private readonly Func<long> _allocatedBytes;
    private readonly Action _trim;
    private readonly long _idleBytesPerCheck;
    private readonly long _burstBytes;
    private readonly ITimer _timer;
    private long _lastSample;
    private long _atLastTrim;
    private int _checking;

    /// <param name="allocatedBytes">Bytes allocated by the process so far (<see cref="GC.GetTotalAllocatedBytes(bool)"/>).</param>
    /// <param name="trim">The collection to run (<see cref="TrimNow"/>); tests count calls instead.</param>
    public IdleMemoryTrimmer(TimeProvider time, Func<long> allocatedBytes, Action trim, TimeSpan? checkInterval = null,
        long idleBytesPerCheck = DefaultIdleBytesPerCheck, long burstBytes = DefaultBurstBytes)
    {
        _allocatedBytes = allocatedBytes;
        _trim = trim;
        _idleBytesPerCheck = idleBytesPerCheck;
        _burstBytes = burstBytes;
        _lastSample = _atLastTrim = allocatedBytes();
        TimeSpan interval = checkInterval ?? DefaultCheckInterval;
        _timer = time.CreateTimer(_ => Check(), null, interval, interval);
    }

    /// <summary>How many trims ran (for logs and tests).</summary>
    public int Trims { get; private set; }

    /// <summary>The process-wide trimmer the executable runs: real clock, the GC's own counter, an aggressive collection.</summary>
    public static IdleMemoryTrimmer StartForProcess()
        => new(TimeProvider.System, () => GC.GetTotalAllocatedBytes(false), TrimNow);

    /// <summary>A full blocking compacting collection that also decommits the free memory it leaves (GCCollectionMode.Aggressive).</summary>
    public static void TrimNow()
    {
        long before = Environment.WorkingSet;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
        {
            JanusLog.Verbose($"Idle after a burst: memory trimmed, RSS {before >> 20} MB -> {Environment.WorkingSet >> 20} MB");
        }
    }

    private void Check()
    {
        // Timer callbacks may overlap if a trim outlasts the interval: one check at a time.
        if (Interlocked.Exchange(ref _checking, 1) != 0)
        {
            return;
        }
        try
        {
            long now = _allocatedBytes();
            long sinceLastCheck = now - _lastSample;
            _lastSample = now;
            if (sinceLastCheck < _idleBytesPerCheck && now - _atLastTrim >= _burstBytes)
            {
                _trim();
                Trims++;
                _atLastTrim = _lastSample = _allocatedBytes();
            }
        }
        catch (Exception ex)
        {
            JanusLog.Warn($"Idle memory trim failed: {ex.Message}");
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    public void Dispose() => _timer.Dispose();
}
