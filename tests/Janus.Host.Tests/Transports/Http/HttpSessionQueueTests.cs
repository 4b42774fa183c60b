using System.Text.Json.Nodes;
using Janus.Host.Transports.Http;

namespace Janus.Host.Tests.Transports.Http;

public sealed class HttpSessionQueueTests
{
    private static JsonObject Event(int n) => new() { ["janus"] = "event", ["n"] = n };

    [Fact]
    public async Task Full_queue_drops_the_oldest_events_and_counts_them()
    {
        var queue = new HttpSessionQueue(sessionId: 1, capacity: 3);
        for (int i = 0; i < 5; i++)
        {
            queue.Enqueue(Event(i));
        }
        Assert.Equal(3, queue.Count);
        Assert.Equal(2, queue.Dropped);

        List<JsonObject> taken = await queue.TakeAsync(10, TimeSpan.Zero, CancellationToken.None);
        Assert.Equal([2, 3, 4], taken.Select(e => e["n"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Queue_under_its_capacity_keeps_every_event()
    {
        var queue = new HttpSessionQueue(sessionId: 1, capacity: 3);
        queue.Enqueue(Event(0));
        queue.Enqueue(Event(1));
        List<JsonObject> taken = await queue.TakeAsync(10, TimeSpan.Zero, CancellationToken.None);
        Assert.Equal([0, 1], taken.Select(e => e["n"]!.GetValue<int>()));
        Assert.Equal(0, queue.Dropped);
    }

    [Fact]
    public void Default_capacity_is_the_named_option_default()
        => Assert.Equal(Janus.Core.Configuration.HttpTransportOptions.DefaultMaxQueuedEventsPerSession, new HttpSessionQueue(1).Capacity);
}
