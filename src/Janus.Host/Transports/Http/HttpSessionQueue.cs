using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Janus.Host.Transports.Http;

/// <summary>
/// The events of one session waiting for a long poll (janus_http.c keeps one queue per session). Bounded: past
/// <see cref="Capacity"/> events the oldest is dropped and counted, with one warning per overflow (until a poll
/// empties the queue again). Janus's queue is unbounded; ours must not hold a minute of events for a client that
/// stopped polling while its session waits for its timeout.
/// </summary>
internal sealed class HttpSessionQueue
{
    private readonly Channel<JsonObject> _events;
    private readonly long _sessionId;
    private long _dropped;
    private int _warned;

    public HttpSessionQueue(long sessionId, int capacity = Janus.Core.Configuration.HttpTransportOptions.DefaultMaxQueuedEventsPerSession)
    {
        _sessionId = sessionId;
        Capacity = Math.Max(1, capacity);
        _events = Channel.CreateBounded<JsonObject>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = false, SingleWriter = false },
            OnDropped);
    }

    public int Capacity { get; }

    /// <summary>Events dropped because nobody polled them in time.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public int Count => _events.Reader.Count;

    public void Enqueue(JsonObject evt) => _events.Writer.TryWrite(evt);

    private void OnDropped(JsonObject evt)
    {
        Interlocked.Increment(ref _dropped);
        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            Janus.Core.Logging.JanusLog.Warn(
                $"HTTP session {_sessionId}: more than {Capacity} events waiting for a long poll; the oldest are being dropped");
        }
    }

    /// <summary>No more events will come (session over or claimed): waiting polls wake up.</summary>
    public void Close() => _events.Writer.TryComplete();

    /// <summary>Takes up to <paramref name="max"/> events, waiting at most <paramref name="wait"/> for the first.</summary>
    public async Task<List<JsonObject>> TakeAsync(int max, TimeSpan wait, CancellationToken aborted)
    {
        var taken = new List<JsonObject>(1);
        Drain(taken, max);
        if (taken.Count > 0)
        {
            return taken;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(wait);
        try
        {
            while (taken.Count == 0 && await _events.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
            {
                Drain(taken, max);
            }
        }
        catch (OperationCanceledException)
        {
        }
        return taken;
    }

    private void Drain(List<JsonObject> taken, int max)
    {
        while (taken.Count < max && _events.Reader.TryRead(out JsonObject? evt))
        {
            taken.Add(evt);
        }
        if (_events.Reader.Count == 0)
        {
            Volatile.Write(ref _warned, 0);
        }
    }
}
