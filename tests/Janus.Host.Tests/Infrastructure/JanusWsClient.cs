using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Janus.Host.Tests.Infrastructure;

/// <summary>A minimal Janus WebSocket client: send requests, get the reply to each transaction, collect events.</summary>
internal sealed class JanusWsClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<JsonObject> _incoming = Channel.CreateUnbounded<JsonObject>();
    private readonly List<JsonObject> _stash = new();
    private Task? _reader;
    private int _tx;

    public static async Task<JanusWsClient> ConnectAsync(int port, string protocol = "janus-protocol")
    {
        var client = new JanusWsClient();
        client._socket.Options.AddSubProtocol(protocol);
        await client._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/"), CancellationToken.None);
        client._reader = client.ReadLoopAsync();
        return client;
    }

    public WebSocketState State => _socket.State;

    public string? CloseDescription => _socket.CloseStatusDescription;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string NextTransaction() => "tx" + Interlocked.Increment(ref _tx);

    public Task SendRawAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendBinaryAsync(byte[] data) => _socket.SendAsync(data, WebSocketMessageType.Binary, true, CancellationToken.None);

    public async Task<JsonObject> RequestAsync(JsonObject request, int timeoutMs = 5000)
    {
        string transaction = request["transaction"]?.GetValue<string>() ?? NextTransaction();
        request["transaction"] = transaction;
        await SendRawAsync(request.ToJsonString());
        return await WaitForAsync(m => m["transaction"]?.GetValue<string>() == transaction && m["janus"]?.GetValue<string>() != "event", timeoutMs);
    }

    /// <summary>Waits for a message matching <paramref name="match"/>; others are kept for later waits.</summary>
    public async Task<JsonObject> WaitForAsync(Func<JsonObject, bool> match, int timeoutMs = 5000)
    {
        lock (_stash)
        {
            int index = _stash.FindIndex(m => match(m));
            if (index >= 0)
            {
                JsonObject found = _stash[index];
                _stash.RemoveAt(index);
                return found;
            }
        }
        using var cts = new CancellationTokenSource(timeoutMs);
        while (true)
        {
            JsonObject message = await _incoming.Reader.ReadAsync(cts.Token);
            if (match(message))
            {
                return message;
            }
            lock (_stash)
            {
                _stash.Add(message);
            }
        }
    }

    /// <summary>The messages received so far that no wait has taken.</summary>
    public IReadOnlyList<JsonObject> Unclaimed()
    {
        lock (_stash)
        {
            return _stash.ToArray();
        }
    }

    public Task<JsonObject> WaitForJanusAsync(string janus, int timeoutMs = 5000)
        => WaitForAsync(m => m["janus"]?.GetValue<string>() == janus, timeoutMs);

    public async Task<long> CreateSessionAsync()
    {
        JsonObject reply = await RequestAsync(new JsonObject { ["janus"] = "create" });
        return reply["data"]!["id"]!.GetValue<long>();
    }

    public async Task<long> AttachAsync(long session, string plugin = TestEchoPlugin.PackageName)
    {
        JsonObject reply = await RequestAsync(new JsonObject { ["janus"] = "attach", ["session_id"] = session, ["plugin"] = plugin });
        return reply["data"]!["id"]!.GetValue<long>();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[1 << 20];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                int length = 0;
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length).ToArraySegment(), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                if (JsonNode.Parse(buffer.AsSpan(0, length)) is JsonObject message)
                {
                    _incoming.Writer.TryWrite(message);
                }
            }
        }
        catch (WebSocketException)
        {
        }
        _incoming.Writer.TryComplete();
    }

    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }
        if (_reader is not null)
        {
            await _reader;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync();
        }
        catch (WebSocketException)
        {
        }
        _socket.Dispose();
    }
}

internal static class MemoryExtensions2
{
    public static ArraySegment<byte> ToArraySegment(this Memory<byte> memory)
        => System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out ArraySegment<byte> segment) ? segment : throw new InvalidOperationException();
}
