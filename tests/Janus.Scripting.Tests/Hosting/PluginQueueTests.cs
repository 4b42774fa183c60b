using Janus.Scripting.Hosting;

namespace Janus.Scripting.Tests.Hosting;

public sealed class PluginQueueTests : IDisposable
{
    private const int Capacity = 4;
    private readonly PluginQueue _queue = new("test", Capacity);
    private readonly ManualResetEventSlim _gate = new();

    public void Dispose()
    {
        _gate.Set();
        _queue.Dispose();
        _gate.Dispose();
    }

    /// <summary>Holds the queue's thread until the gate opens, so what is queued next waits.</summary>
    private async Task BlockAsync()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Post(() =>
        {
            started.SetResult();
            _gate.Wait();
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Posts_past_the_capacity_are_dropped_and_counted()
    {
        await BlockAsync();
        int ran = 0;
        for (int i = 0; i < Capacity; i++)
        {
            Assert.True(_queue.TryPost(() => Interlocked.Increment(ref ran)));
        }
        Assert.False(_queue.TryPost(() => Interlocked.Increment(ref ran)));
        Assert.Equal(1, _queue.Dropped);

        _gate.Set();
        await _queue.RunAsync(() => { });
        Assert.Equal(Capacity, ran);
    }

    [Fact]
    public async Task Request_on_a_full_queue_is_refused_at_once()
    {
        await BlockAsync();
        var waiting = new List<Task<int>>();
        for (int i = 0; i < Capacity; i++)
        {
            int n = i;
            waiting.Add(_queue.TryRunAsync(() => n));
        }
        Task<int> refused = _queue.TryRunAsync(() => -1);
        Assert.True(refused.IsFaulted);
        Assert.IsType<PluginQueueFullException>(refused.Exception!.InnerException);
        Assert.Equal(1, _queue.Refused);

        _gate.Set();
        int[] answers = await Task.WhenAll(waiting);
        Assert.Equal([0, 1, 2, 3], answers);
        // Once drained, requests are taken again.
        Assert.Equal(7, await _queue.TryRunAsync(() => 7));
    }

    [Fact]
    public async Task Lifecycle_work_is_queued_even_when_the_queue_is_full()
    {
        await BlockAsync();
        for (int i = 0; i < Capacity; i++)
        {
            Assert.True(_queue.TryPost(() => { }));
        }
        bool lifecycleRan = false;
        _queue.Post(() => lifecycleRan = true);
        Task<string> destroy = _queue.RunAsync(() => "destroyed");

        _gate.Set();
        Assert.Equal("destroyed", await destroy);
        Assert.True(lifecycleRan);
        Assert.Equal(0, _queue.Dropped);
    }
}
