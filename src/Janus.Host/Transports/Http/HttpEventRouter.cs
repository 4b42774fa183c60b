using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Janus.Core.Api;

namespace Janus.Host.Transports.Http;

/// <summary>
/// The HTTP transport as one connection of the core: every HTTP request shares it, and events are parked per
/// session until a long poll (<c>GET /janus/SESSION</c>) takes them, as with janus_http.c.
/// </summary>
internal sealed class HttpEventRouter : ITransportConnection
{
    private readonly ConcurrentDictionary<long, HttpSessionQueue> _queues = new();
    private readonly int _queueCapacity;

    public HttpEventRouter(int queueCapacity) => _queueCapacity = queueCapacity;

    public string TransportPackage => HttpTransport.Package;

    public int QueueCount => _queues.Count;

    public bool TryGetQueue(long sessionId, out HttpSessionQueue queue) => _queues.TryGetValue(sessionId, out queue!);

    public void SendEvent(JsonObject message)
    {
        if (message["session_id"] is JsonValue v && v.TryGetValue(out long sessionId) && _queues.TryGetValue(sessionId, out HttpSessionQueue? queue))
        {
            queue.Enqueue(message);
        }
    }

    public void SessionCreated(long sessionId) => _queues.TryAdd(sessionId, new HttpSessionQueue(sessionId, _queueCapacity));

    public void SessionOver(long sessionId, bool timedOut, bool claimed)
    {
        if (_queues.TryRemove(sessionId, out HttpSessionQueue? queue))
        {
            queue.Close();
        }
    }

    /// <summary>A claim over HTTP starts a fresh queue; polls on the old one end with a keepalive.</summary>
    public void SessionClaimed(long sessionId)
    {
        var fresh = new HttpSessionQueue(sessionId, _queueCapacity);
        HttpSessionQueue? old = null;
        _queues.AddOrUpdate(sessionId, fresh, (_, existing) =>
        {
            old = existing;
            return fresh;
        });
        old?.Close();
    }
}
