using System.Text.Json.Nodes;

namespace Janus.Core.Api;

/// <summary>
/// Keeps a session's events behind the reply to the request they answer. A plugin may push the event of a
/// <c>message</c> from inside handleMessage, before the core has even built the <c>ack</c>; janode then drops the
/// ack ("transaction not found") and janus.js sees the event of a request it has not heard acknowledged. So, while
/// the reply to a request is not yet written by its transport, an event carrying the same transaction is held, and
/// so is every later event of the session (their relative order is kept); they go out, in order, once the transport
/// says the reply is written (<see cref="ApiReply.AfterSent"/>).
/// </summary>
internal sealed class ReplyFence
{
    /// <summary>
    /// Most events held for one session. Only a transport that never reports its reply written could reach it; past
    /// it the held events are let go in order (the ack may then come late) rather than kept without end.
    /// </summary>
    public const int MaxHeldEvents = 256;

    private readonly object _lock = new();
    private readonly List<OpenReply> _open = new(1);
    private readonly Queue<(JsonObject Event, OpenReply? Owner)> _held = new();

    /// <summary>A request whose reply is not written yet.</summary>
    internal sealed class OpenReply(string transaction)
    {
        public string Transaction { get; } = transaction;
        public bool Closed { get; set; }
    }

    public int HeldCount
    {
        get { lock (_lock) { return _held.Count; } }
    }

    /// <summary>Called before the request reaches the plugin: from now on its transaction's events wait for <see cref="Close"/>.</summary>
    public OpenReply Open(string transaction)
    {
        var open = new OpenReply(transaction);
        lock (_lock)
        {
            _open.Add(open);
        }
        return open;
    }

    /// <summary>
    /// Delivers <paramref name="evt"/> now, or holds it if it answers an open request or other events are held.
    /// <paramref name="deliver"/> runs under the fence's lock (that is what keeps the order), so it must not block:
    /// transports only queue there.
    /// </summary>
    public void Send(JsonObject evt, string? transaction, Action<JsonObject> deliver)
    {
        lock (_lock)
        {
            OpenReply? owner = transaction is null ? null : _open.Find(o => o.Transaction == transaction);
            if (owner is null && _held.Count == 0)
            {
                deliver(evt);
                return;
            }
            if (_held.Count >= MaxHeldEvents)
            {
                while (_held.TryDequeue(out (JsonObject Event, OpenReply? Owner) item))
                {
                    deliver(item.Event);
                }
                deliver(evt);
                return;
            }
            _held.Enqueue((evt, owner));
        }
    }

    /// <summary>The reply of <paramref name="open"/> is written: its events, and the ones queued behind them, go out.</summary>
    public void Close(OpenReply open, Action<JsonObject> deliver)
    {
        lock (_lock)
        {
            open.Closed = true;
            _open.Remove(open);
            while (_held.TryPeek(out (JsonObject Event, OpenReply? Owner) item) && (item.Owner is null || item.Owner.Closed))
            {
                _held.Dequeue();
                deliver(item.Event);
            }
        }
    }
}
