using System.Diagnostics;
using System.Runtime.InteropServices;
using Janus.Core.Logging;
using static Janus.Media.Net.LinuxSocketCalls;

namespace Janus.Media.Net;

/// <summary>
/// A dedicated receive thread that waits on many UDP sockets at once (one epoll instance) and runs each datagram's
/// whole path inline: receive, ICE/DTLS/SRTP demultiplexing, the plugin or relay, and the send.
/// <para>
/// Why not <c>Socket.ReceiveFromAsync</c>: every completion crosses .NET's socket engine thread and the thread
/// pool, i.e. two or three thread wakeups per datagram, and on the paravirtualised hosts we measured a wakeup
/// costs more CPU than decrypting, routing and encrypting the packet. Here a wakeup serves every socket that is
/// ready, and a datagram costs one <c>recvfrom</c> and one <c>sendto</c>. Epoll is level-triggered and each ready
/// socket gives one datagram per round, so one busy PeerConnection cannot starve the others.
/// </para>
/// <para>
/// The media core's periodic work (<see cref="MediaClock"/>: RTCP reports, transport-wide CC feedback, ICE consent,
/// keyframe-request pacing) runs here too, between rounds: a tick due while packets flow costs no wakeup at all, and
/// an idle server wakes this one thread for it instead of the timer thread and a thread-pool thread per tick.
/// </para>
/// <para>
/// Handlers and ticks run on this thread: they must not block (the paths that may, DTLS handshakes and scripts,
/// already hand their work to their own threads).
/// </para>
/// </summary>
internal sealed unsafe class UdpReactor : IDisposable
{
    private const int MaxEventsPerWait = 64;
    private const int WaitTimeoutMs = 500;
    // Up to this many datagrams per ready socket per round (one recvmmsg), so a busy socket cannot starve the rest.
    private const int ReceiveBatchSize = 16;
    private const int ReceiveBufferSize = 8192;
    private const int SendBatchSize = 64;
    private const int SendBufferSize = 2048;

    private static readonly Lazy<UdpReactor[]?> SharedReactors = new(CreateShared);
    private static int _nextShared = -1;

    private readonly int _epoll;
    private readonly Thread _thread;
    private readonly object _lock = new();
    private readonly Stack<int> _freeSlots = new();
    private UdpEndpoint?[] _slots = new UdpEndpoint?[64];
    private int _usedSlots;
    private uint _generation;
    private PeriodicJob[] _jobs = [];
    private volatile bool _stopping;

    private UdpReactor(int epoll, string name)
    {
        _epoll = epoll;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Endpoints registered now (for tests and the Admin API).</summary>
    public int Count { get { lock (_lock) { return _usedSlots - _freeSlots.Count; } } }

    /// <summary>
    /// The process's reactors, handed out round robin: one per two cores, at least one. Null where epoll is not
    /// available (then endpoints fall back to an async receive loop each).
    /// </summary>
    public static UdpReactor? NextShared()
    {
        UdpReactor[]? reactors = SharedReactors.Value;
        if (reactors is null)
        {
            return null;
        }
        int index = (int)((uint)Interlocked.Increment(ref _nextShared) % (uint)reactors.Length);
        return reactors[index];
    }

    /// <summary>The shared reactor that runs <see cref="MediaClock"/>'s ticks; null where epoll is not available.</summary>
    public static UdpReactor? Clock => SharedReactors.Value?[0];

    /// <summary>A private reactor (tests); null where epoll is not available.</summary>
    public static UdpReactor? TryCreate(string name = "udp-reactor")
    {
        if (!IsSupported)
        {
            return null;
        }
        int epoll = EpollCreate1(EpollCloexec);
        if (epoll < 0)
        {
            JanusLog.Warn($"[net] epoll_create1 failed (errno {Marshal.GetLastPInvokeError()}): using async receive loops");
            return null;
        }
        return new UdpReactor(epoll, name);
    }

    private static UdpReactor[]? CreateShared()
    {
        int count = Math.Max(1, Environment.ProcessorCount / 2);
        var reactors = new UdpReactor[count];
        for (int i = 0; i < count; i++)
        {
            UdpReactor? reactor = TryCreate($"udp-reactor-{i}");
            if (reactor is null)
            {
                return null;
            }
            reactors[i] = reactor;
        }
        return reactors;
    }

    /// <summary>Starts delivering the endpoint's datagrams on this reactor's thread. False if epoll refused the socket.</summary>
    public bool Register(UdpEndpoint endpoint, int fd)
    {
        lock (_lock)
        {
            int slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _usedSlots++;
            if (slot >= _slots.Length)
            {
                Array.Resize(ref _slots, _slots.Length * 2);
            }
            uint generation = ++_generation;
            byte* ev = stackalloc byte[16];
            *(uint*)ev = EpollIn;
            *(ulong*)(ev + EpollDataOffset) = ((ulong)generation << 32) | (uint)slot;
            if (EpollCtl(_epoll, EpollCtlAdd, fd, ev) != 0)
            {
                JanusLog.Warn($"[net] epoll_ctl ADD failed (errno {Marshal.GetLastPInvokeError()}) for {endpoint.LocalEndPoint}");
                _freeSlots.Push(slot);
                return false;
            }
            endpoint.ReactorSlot = slot;
            endpoint.ReactorGeneration = generation;
            Volatile.Write(ref _slots[slot], endpoint);
            return true;
        }
    }

    /// <summary>Stops delivery; call before closing the socket. A datagram being handled right now still completes.</summary>
    public void Unregister(UdpEndpoint endpoint, int fd)
    {
        lock (_lock)
        {
            int slot = endpoint.ReactorSlot;
            if (slot < 0 || !ReferenceEquals(_slots[slot], endpoint))
            {
                return;
            }
            byte* ev = stackalloc byte[16];
            EpollCtl(_epoll, EpollCtlDel, fd, ev);
            Volatile.Write(ref _slots[slot], null);
            endpoint.ReactorSlot = -1;
            _freeSlots.Push(slot);
        }
    }

    /// <summary>
    /// Runs <paramref name="tick"/> on this reactor's thread every <paramref name="period"/>, between rounds of
    /// datagrams (late by up to a round; a tick missed by more than a period is skipped, not run twice). Sends it
    /// makes leave with the round's. Dispose the result to stop it. A job added while the thread sleeps is first
    /// seen when it wakes (within 500 ms).
    /// </summary>
    public IDisposable Every(TimeSpan period, Action tick)
    {
        ArgumentNullException.ThrowIfNull(tick);
        long periodTicks = Math.Max(1, (long)(period.TotalSeconds * Stopwatch.Frequency));
        var job = new PeriodicJob(this, tick, periodTicks, Stopwatch.GetTimestamp() + periodTicks);
        lock (_lock)
        {
            _jobs = [.. _jobs, job];
        }
        return job;
    }

    private void RemoveJob(PeriodicJob job)
    {
        lock (_lock)
        {
            int index = Array.IndexOf(_jobs, job);
            if (index >= 0)
            {
                _jobs = [.. _jobs.AsSpan(0, index), .. _jobs.AsSpan(index + 1)];
            }
        }
    }

    /// <summary>How long epoll may wait: until the next job is due, at most <see cref="WaitTimeoutMs"/>.</summary>
    private int NextWaitMs(PeriodicJob[] jobs)
    {
        if (jobs.Length == 0)
        {
            return WaitTimeoutMs;
        }
        long earliest = long.MaxValue;
        foreach (PeriodicJob job in jobs)
        {
            earliest = Math.Min(earliest, job.Due);
        }
        long remaining = earliest - Stopwatch.GetTimestamp();
        if (remaining <= 0)
        {
            return 0;
        }
        // Rounded up: waking a little early would only mean a second, empty wait.
        long ms = (remaining * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
        return (int)Math.Min(ms, WaitTimeoutMs);
    }

    private static void RunDueJobs(PeriodicJob[] jobs)
    {
        if (jobs.Length == 0)
        {
            return;
        }
        long now = Stopwatch.GetTimestamp();
        foreach (PeriodicJob job in jobs)
        {
            if (job.Cancelled || now < job.Due)
            {
                continue;
            }
            job.Due += job.Period;
            if (job.Due <= now)
            {
                job.Due = now + job.Period;
            }
            try
            {
                job.Tick();
            }
            catch (Exception e)
            {
                // One failing tick must not end the thread every socket and every other tick depends on.
                JanusLog.Error($"[net] periodic media work failed: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private void Run()
    {
        int eventSize = EpollEventSize;
        int dataOffset = EpollDataOffset;
        byte* events = (byte*)NativeMemory.Alloc((nuint)(MaxEventsPerWait * eventSize));
        using var receives = new MessageBatch(ReceiveBatchSize, ReceiveBufferSize);
        using var sends = new UdpSendQueue(SendBatchSize, SendBufferSize);
        sends.BindToCurrentThread();
        try
        {
            while (!_stopping)
            {
                PeriodicJob[] jobs = Volatile.Read(ref _jobs);
                int ready = EpollWait(_epoll, events, MaxEventsPerWait, NextWaitMs(jobs));
                if (ready < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno != EIntr)
                    {
                        JanusLog.Error($"[net] epoll_wait failed (errno {errno})");
                        Thread.Sleep(10);
                    }
                    ready = 0;
                }
                UdpEndpoint?[] slots = Volatile.Read(ref _slots);
                for (int i = 0; i < ready; i++)
                {
                    ulong data = *(ulong*)(events + i * eventSize + dataOffset);
                    int slot = (int)(uint)data;
                    UdpEndpoint? endpoint = slot < slots.Length ? Volatile.Read(ref slots[slot]) : null;
                    // A stale event for a slot freed (or reused) since epoll reported it: skip it; a reused
                    // slot's socket reports again on the next wait (level-triggered).
                    if (endpoint is null || endpoint.ReactorGeneration != (uint)(data >> 32))
                    {
                        continue;
                    }
                    try
                    {
                        endpoint.ReceiveBatch(receives);
                    }
                    catch (Exception e)
                    {
                        // ReceiveBatch guards itself; this is the last line before an exception would end the
                        // process (an unhandled exception on a thread of our own is fatal in .NET).
                        JanusLog.Error($"[net] reactor: {e.GetType().Name}: {e.Message}");
                    }
                }
                RunDueJobs(jobs);
                sends.Flush();
            }
        }
        finally
        {
            NativeMemory.Free(events);
        }
    }

    private sealed class PeriodicJob(UdpReactor owner, Action tick, long period, long due) : IDisposable
    {
        public Action Tick { get; } = tick;
        public long Period { get; } = period;
        public long Due { get; set; } = due; // read and written on the reactor thread only, after construction
        public bool Cancelled => Volatile.Read(ref _cancelled) != 0;
        private int _cancelled;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _cancelled, 1) == 0)
            {
                owner.RemoveJob(this);
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        LinuxSocketCalls.Close(_epoll);
    }
}
