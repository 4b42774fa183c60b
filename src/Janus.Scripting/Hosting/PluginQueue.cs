using System.Collections.Concurrent;
using Janus.Core.Logging;

namespace Janus.Scripting.Hosting;

/// <summary>
/// One dedicated thread per plugin that runs its work items in order, so a script never sees two calls at once
/// and a slow plugin only delays itself.
/// </summary>
internal sealed class PluginQueue : IDisposable
{
    private readonly BlockingCollection<Action> _items = new();
    private readonly Thread _thread;

    public PluginQueue(string name)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "plugin " + name };
        _thread.Start();
    }

    public bool IsCurrentThread => Thread.CurrentThread == _thread;

    /// <summary>
    /// Runs <paramref name="work"/> on the queue. Always queued, even from the queue's own thread (a script whose
    /// API call comes back into its plugin): it then runs after the current item, so never await it synchronously there.
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!TryAdd(() =>
        {
            try
            {
                completion.TrySetResult(work());
            }
            catch (Exception e)
            {
                completion.TrySetException(e);
            }
        }))
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

    /// <summary>Queues work nobody waits for; its exceptions are logged.</summary>
    public void Post(Action work) => TryAdd(work);

    public void Dispose()
    {
        _items.CompleteAdding();
        if (!IsCurrentThread)
        {
            _thread.Join(TimeSpan.FromSeconds(10));
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
