using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Janus.Core.Api;
using Janus.Core.Logging;

namespace Janus.Host.Transports.WebSockets;

/// <summary>
/// One WebSocket client (janus_websockets.c): every complete message is parsed as one or more JSON requests
/// and handed to the core; replies and the events of the client's sessions go out through one queue, in order,
/// written by a single loop. Requests are not serialised: a slow plugin call does not hold up the next request.
/// </summary>
internal sealed class WebSocketConnection : ITransportConnection
{
    private readonly WebSocket _socket;
    private readonly JanusCore _core;
    private readonly WebSocketTransport _transport;
    private readonly bool _admin;
    private readonly int _maxMessageBytes;
    private readonly Channel<JsonNode> _outbound = Channel.CreateUnbounded<JsonNode>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    public WebSocketConnection(WebSocket socket, JanusCore core, WebSocketTransport transport, bool admin, int maxMessageBytes)
    {
        _socket = socket;
        _core = core;
        _transport = transport;
        _admin = admin;
        _maxMessageBytes = maxMessageBytes;
    }

    public string TransportPackage => WebSocketTransport.Package;

    public void SendEvent(JsonObject message) => _outbound.Writer.TryWrite(message);

    public void SessionCreated(long sessionId)
    {
    }

    public void SessionOver(long sessionId, bool timedOut, bool claimed)
    {
    }

    public void SessionClaimed(long sessionId)
    {
    }

    public async Task RunAsync(CancellationToken aborted)
    {
        Task sender = SendLoopAsync();
        try
        {
            await ReceiveLoopAsync(aborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
            {
                JanusLog.Verbose($"WebSocket connection ended: {ex.Message}");
            }
        }
        finally
        {
            if (!_admin)
            {
                _core.TransportGone(this);
            }
            _outbound.Writer.TryComplete();
            await sender.ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken aborted)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(4096);
        int length = 0;
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                if (length == buffer.Length)
                {
                    byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _maxMessageBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                ValueWebSocketReceiveResult result = await _socket.ReceiveAsync(buffer.AsMemory(length), aborted).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, "").ConfigureAwait(false);
                    return;
                }
                length += result.Count;
                if (length > _maxMessageBytes)
                {
                    JanusLog.Warn($"WebSocket message over {_maxMessageBytes} bytes: closing the connection");
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, "Message too big").ConfigureAwait(false);
                    return;
                }
                if (result.EndOfMessage)
                {
                    ProcessMessage(buffer.AsSpan(0, length));
                    length = 0;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A frame may carry several JSON requests back to back (janus_websockets.c accepts that); each is handled in order.</summary>
    private void ProcessMessage(ReadOnlySpan<byte> message)
    {
        var reader = new Utf8JsonReader(message, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 64 });
        var requests = new List<JsonNode?>(1);
        try
        {
            while (true)
            {
                JsonNode? node = JsonNode.Parse(ref reader);
                requests.Add(node);
                // Read() moves onto the first token of the next value, where Parse then starts.
                if (!reader.Read())
                {
                    break;
                }
            }
        }
        catch (JsonException ex)
        {
            // As Janus: requests before the broken one are dropped too, and the client gets one error.
            Enqueue(JanusCore.InvalidJsonReply(ex));
            return;
        }
        foreach (JsonNode? request in requests)
        {
            Dispatch(request);
        }
    }

    private void Dispatch(JsonNode? request)
    {
        if (_admin)
        {
            ValueTask<JsonObject> pending = _core.HandleAdminRequestAsync(request);
            if (pending.IsCompletedSuccessfully)
            {
                Enqueue(pending.Result);
            }
            else
            {
                _ = CompleteAdminAsync(pending);
            }
            return;
        }
        ValueTask<ApiReply> reply = _core.HandleRequestAsync(this, request);
        if (reply.IsCompletedSuccessfully)
        {
            Deliver(reply.Result);
        }
        else
        {
            _ = CompleteAsync(reply);
        }
    }

    private async Task CompleteAsync(ValueTask<ApiReply> pending)
    {
        try
        {
            Deliver(await pending.ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            JanusLog.Error($"WebSocket request failed: {ex}");
        }
    }

    private async Task CompleteAdminAsync(ValueTask<JsonObject> pending)
    {
        try
        {
            Enqueue(await pending.ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            JanusLog.Error($"WebSocket admin request failed: {ex}");
        }
    }

    private void Deliver(ApiReply reply)
    {
        Enqueue(reply.Message);
        if (reply.AfterSent is not null)
        {
            _ = FollowUpAsync(reply);
        }
    }

    private static async Task FollowUpAsync(ApiReply reply)
    {
        try
        {
            await reply.RunAfterSentAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            JanusLog.Error($"WebSocket: follow-up of a request failed: {ex.Message}");
        }
    }

    private void Enqueue(JsonNode message) => _outbound.Writer.TryWrite(message);

    private async Task SendLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        try
        {
            while (await _outbound.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_outbound.Reader.TryRead(out JsonNode? message))
                {
                    if (_socket.State != WebSocketState.Open)
                    {
                        continue;
                    }
                    buffer.ResetWrittenCount();
                    _transport.Output.Write(buffer, message);
                    await _socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
            {
                JanusLog.Verbose($"WebSocket send stopped: {ex.Message}");
            }
        }
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(status, description, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
        }
    }
}
