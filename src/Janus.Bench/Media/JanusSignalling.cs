using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Janus.Bench.Media;

/// <summary>
/// One WebSocket to the Janus API shared by every bench PeerConnection: requests are matched to replies by
/// transaction; for plugin messages the asynchronous <c>event</c> (after the <c>ack</c>) is the reply.
/// Sessions get a keepalive every 20 s so the server's session_timeout (60 s by default) never fires.
/// </summary>
internal sealed class JanusSignalling : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentDictionary<long, bool> _sessions = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _receiveLoop;
    private Task? _keepaliveLoop;
    private long _transactions;

    public async Task ConnectAsync(Uri url)
    {
        _socket.Options.AddSubProtocol("janus-protocol");
        await _socket.ConnectAsync(url, CancellationToken.None);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
        _keepaliveLoop = Task.Run(KeepaliveLoopAsync);
    }

    public async Task<long> CreateSessionAsync()
    {
        JsonObject reply = await RequestAsync(new JsonObject { ["janus"] = "create" }, waitForEvent: false);
        long session = reply["data"]!["id"]!.GetValue<long>();
        _sessions[session] = true;
        return session;
    }

    public async Task<long> AttachAsync(long session, string plugin)
    {
        JsonObject reply = await RequestAsync(new JsonObject { ["janus"] = "attach", ["session_id"] = session, ["plugin"] = plugin }, waitForEvent: false);
        return reply["data"]!["id"]!.GetValue<long>();
    }

    /// <summary>Sends a plugin message and returns the plugin's event for it (which carries the JSEP answer).</summary>
    public Task<JsonObject> MessageAsync(long session, long handle, JsonObject body, JsonObject? jsep)
    {
        var request = new JsonObject { ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["body"] = body };
        if (jsep is not null)
        {
            request["jsep"] = jsep;
        }
        return RequestAsync(request, waitForEvent: true);
    }

    public async Task DestroySessionAsync(long session)
    {
        _sessions.TryRemove(session, out _);
        await RequestAsync(new JsonObject { ["janus"] = "destroy", ["session_id"] = session }, waitForEvent: false);
    }

    private async Task<JsonObject> RequestAsync(JsonObject request, bool waitForEvent)
    {
        string transaction = "m" + Interlocked.Increment(ref _transactions);
        request["transaction"] = transaction;
        var completion = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[transaction + (waitForEvent ? "/event" : "")] = completion;
        await SendAsync(request);
        JsonObject reply = await completion.Task.WaitAsync(TimeSpan.FromSeconds(30));
        if (reply["janus"]?.GetValue<string>() == "error")
        {
            throw new InvalidOperationException("Janus error: " + reply["error"]?.ToJsonString());
        }
        return reply;
    }

    private async Task SendAsync(JsonObject message)
    {
        byte[] payload = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sendGate.WaitAsync();
        try
        {
            await _socket.SendAsync(payload, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[256 * 1024];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                int length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token);
                    length += result.Count;
                }
                while (!result.EndOfMessage && length < buffer.Length);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                if (JsonNode.Parse(buffer.AsSpan(0, length)) is not JsonObject message)
                {
                    continue;
                }
                string? transaction = message["transaction"]?.GetValue<string>();
                string? kind = message["janus"]?.GetValue<string>();
                if (transaction is null || kind == "ack")
                {
                    continue; // webrtcup, media, hangup and acks: the bench watches the media itself
                }
                string key = kind == "event" ? transaction + "/event" : transaction;
                if (!_pending.TryRemove(key, out var completion) && kind == "error")
                {
                    _pending.TryRemove(transaction + "/event", out completion);
                }
                completion?.TrySetResult(message);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        foreach (var completion in _pending.Values)
        {
            completion.TrySetException(new InvalidOperationException("WebSocket closed"));
        }
    }

    private async Task KeepaliveLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(20), _stop.Token);
                foreach (long session in _sessions.Keys)
                {
                    await SendAsync(new JsonObject { ["janus"] = "keepalive", ["session_id"] = session, ["transaction"] = "k" + Interlocked.Increment(ref _transactions) });
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }
        if (_receiveLoop is not null)
        {
            await Task.WhenAny(_receiveLoop, Task.Delay(1000));
        }
        if (_keepaliveLoop is not null)
        {
            await Task.WhenAny(_keepaliveLoop, Task.Delay(1000));
        }
        _socket.Dispose();
    }
}
