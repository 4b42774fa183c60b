using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Janus.Host.Transports.Http;

/// <summary>The events of one session waiting for a long poll (janus_http.c keeps one queue per session).</summary>
internal sealed class HttpSessionQueue
{
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

    public void Enqueue(JsonObject evt) => _events.Writer.TryWrite(evt);

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
    }
}
