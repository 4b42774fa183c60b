using System.Collections.Concurrent;
using Janus.Core.Logging;

namespace Janus.Scripting.Hosting;

/// <summary>
/// One dedicated thread per plugin that runs its work items in order, so a script never sees two calls at once
/// and a slow plugin only delays itself.
/// </summary>
/// <remarks>
/// Bounded: work that comes from clients or from packets (<see cref="TryRunAsync{T}"/>, <see cref="TryPost"/>) counts
/// against <see cref="Capacity"/>. When that many such items wait, a request is refused at once (its task fails with
/// <see cref="PluginQueueFullException"/>, which the proxy answers as a plugin error, Janus's 462) and a post nobody
/// waits for is dropped and counted in <see cref="Dropped"/>; one warning is logged per overflow. Lifecycle work
/// (<see cref="RunAsync{T}"/>, <see cref="Post"/>: init, reload, setup/hangup/destroy of a session, timers) is always
/// queued, since losing it would leave the script with a wrong picture; it is bounded by the handles and timers that exist.
/// </remarks>
internal sealed class PluginQueue : IDisposable
{
    /// <summary>
    /// About a second of packets for one 1000-packet/s stream handed to a script, or a thousand requests waiting behind
    /// a slow one; a plugin further behind than that is better told it is busy than queued up to.
    /// </summary>
    public const int DefaultCapacity = 1024;

    private readonly BlockingCollection<Action> _items = new();
    private readonly Thread _thread;
    private int _bounded;
    private long _dropped;
    private long _refused;
    private int _warned;

    public PluginQueue(string name, int capacity = DefaultCapacity)
    {
        Capacity = Math.Max(1, capacity);
        _thread = new Thread(Run) { IsBackground = true, Name = "plugin " + name };
        _thread.Start();
    }

    public int Capacity { get; }

    /// <summary>Bounded items waiting or running now.</summary>
    public int BoundedCount => Volatile.Read(ref _bounded);

    /// <summary>Posts dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Requests refused because the queue was full.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public bool IsCurrentThread => Thread.CurrentThread == _thread;

    /// <summary>
    /// Runs <paramref name="work"/> on the queue, however full it is. Always queued, even from the queue's own thread
    /// (a script whose API call comes back into its plugin): it then runs after the current item, so never await it
    /// synchronously there.
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!TryAdd(Completing(work, completion)))
        {
            completion.TrySetException(new ObjectDisposedException("plugin queue"));
        }

        return completion.Task;
    }

    public Task RunAsync(Action work) => RunAsync(() =>
    {
        work();
        return true;
    });

    /// <summary>As <see cref="RunAsync{T}"/> for a client's request, but refused with <see cref="PluginQueueFullException"/> when the queue is full.</summary>
    public Task<T> TryRunAsync<T>(Func<T> work)
    {
        if (!TryReserve())
        {
            Interlocked.Increment(ref _refused);
            return Task.FromException<T>(new PluginQueueFullException(
                $"the plugin is busy: {Capacity} calls are already waiting", _thread.Name));
        }

        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Action run = Completing(work, completion);
        if (!TryAdd(() =>
        {
            Release();
            run();
        }))
        {
            Release();
            completion.TrySetException(new ObjectDisposedException("plugin queue"));
        }

        return completion.Task;
    }

    /// <summary>Queues lifecycle work nobody waits for, however full the queue is; its exceptions are logged.</summary>
    public bool Post(Action work) => TryAdd(work);

    /// <summary>Queues work nobody waits for (a packet, a data message); dropped and counted when the queue is full.</summary>
    public bool TryPost(Action work)
    {
        if (!TryReserve())
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        if (!TryAdd(() =>
        {
            Release();
            work();
        }))
        {
            Release();
            return false;
        }

        return true;
    }

    public void Dispose()
    {
        _items.CompleteAdding();
        if (!IsCurrentThread)
        {
            _thread.Join(TimeSpan.FromSeconds(10));
        }
    }

    private static Action Completing<T>(Func<T> work, TaskCompletionSource<T> completion) => () =>
    {
        try
        {
            completion.TrySetResult(work());
        }
        catch (Exception e)
        {
            completion.TrySetException(e);
        }
    };

    private bool TryReserve()
    {
        if (Interlocked.Increment(ref _bounded) <= Capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref _bounded);
        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            JanusLog.Warn($"{_thread.Name}: {Capacity} calls waiting; refusing requests and dropping packets and data until it catches up");
        }

        return false;
    }

    private void Release()
    {
        // Warn again on the next overflow once the plugin has caught up to half its queue.
        if (Interlocked.Decrement(ref _bounded) <= Capacity / 2)
        {
            Volatile.Write(ref _warned, 0);
        }
    }

    private bool TryAdd(Action work)
    {
        try
        {
            return _items.TryAdd(work);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private void Run()
    {
        foreach (Action work in _items.GetConsumingEnumerable())
        {
            try
            {
                work();
            }
            catch (Exception e)
            {
                JanusLog.Error($"{_thread.Name}: {e.Message}");
            }
        }
    }
}

/// <summary>A request refused because its plugin's queue is full (<see cref="PluginQueue.Capacity"/>).</summary>
public sealed class PluginQueueFullException(string message, string? file = null) : ScriptException(message, file);
