using Microsoft.Extensions.Time.Testing;

namespace Janus.Host.Tests;

/// <summary>
/// The idle trim: one collection when allocation goes quiet after a burst, none while busy, none without a burst.
/// The allocation counter and the clock are the test's, so each check sees exactly what the test says happened.
/// </summary>
public sealed class IdleMemoryTrimmerTests
{
    private const long MB = 1L << 20;

    private sealed class Scenario : IDisposable
    {
        public readonly FakeTimeProvider Time = new();
        public long Allocated = 1000 * MB;
        public int Trims;
        public readonly IdleMemoryTrimmer Trimmer;

        public Scenario() => Trimmer = new IdleMemoryTrimmer(Time, () => Volatile.Read(ref Allocated), () => Trims++);

        /// <summary>One check interval passes while the server allocates <paramref name="bytes"/>.</summary>
        public void Interval(long bytes)
        {
            Allocated += bytes;
            Time.Advance(IdleMemoryTrimmer.DefaultCheckInterval);
        }

        public void Dispose() => Trimmer.Dispose();
    }

    [Fact]
    public void A_burst_followed_by_quiet_is_trimmed_once()
    {
        using var s = new Scenario();
        s.Interval(200 * MB);
        s.Interval(200 * MB);
        Assert.Equal(0, s.Trims);

        s.Interval(10 * 1024);
        Assert.Equal(1, s.Trims);

        s.Interval(0);
        s.Interval(10 * 1024);
        Assert.Equal(1, s.Trims);
    }

    [Fact]
    public void A_busy_server_is_never_interrupted()
    {
        using var s = new Scenario();
        for (int i = 0; i < 100; i++)
        {
            s.Interval(50 * MB);
        }
        Assert.Equal(0, s.Trims);
    }

    [Fact]
    public void An_idle_server_without_a_burst_is_left_alone()
    {
        using var s = new Scenario();
        for (int i = 0; i < 100; i++)
        {
            s.Interval(100 * 1024);
        }
        Assert.Equal(0, s.Trims);
    }

    [Fact]
    public void Each_new_burst_earns_one_more_trim()
    {
        using var s = new Scenario();
        s.Interval(IdleMemoryTrimmer.DefaultBurstBytes);
        s.Interval(0);
        s.Interval(IdleMemoryTrimmer.DefaultBurstBytes);
        s.Interval(0);
        Assert.Equal(2, s.Trims);
    }

    [Fact]
    public void The_process_trim_is_a_full_compacting_collection_that_frees_garbage()
    {
        long lastFull = GC.GetGCMemoryInfo(GCKind.FullBlocking).Index;
        WeakReference garbage = AllocateGarbage();
        IdleMemoryTrimmer.TrimNow();
        GCMemoryInfo full = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        Assert.True(full.Index > lastFull);
        Assert.True(full.Compacted);
        Assert.False(garbage.IsAlive);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference AllocateGarbage() => new(new byte[64 * MB]);
}
