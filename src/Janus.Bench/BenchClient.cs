using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Janus.Bench;

/// <summary>One WebSocket client looping create, attach, message, detach, destroy, timing every request.</summary>
internal sealed class BenchClient
{
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _receive = new byte[64 * 1024];
    private readonly string _plugin;
    private long _tx;

    public BenchClient(string plugin) => _plugin = plugin;

    public List<long> LatencyTicks { get; } = new(100_000);

    public int Errors { get; private set; }

    public async Task ConnectAsync(Uri url)
    {
        _socket.Options.AddSubProtocol("janus-protocol");
        await _socket.ConnectAsync(url, CancellationToken.None);
    }

    public async Task RunAsync(DateTime until)
    {
        while (DateTime.UtcNow < until)
        {
            JsonElement created = await RequestAsync("{\"janus\":\"create\",\"transaction\":\"T\"}");
            long session = created.GetProperty("data").GetProperty("id").GetInt64();
            JsonElement attached = await RequestAsync($"{{\"janus\":\"attach\",\"session_id\":{session},\"plugin\":\"{_plugin}\",\"transaction\":\"T\"}}");
            long handle = attached.GetProperty("data").GetProperty("id").GetInt64();
            await RequestAsync($"{{\"janus\":\"message\",\"session_id\":{session},\"handle_id\":{handle},\"body\":{{\"request\":\"x\"}},\"transaction\":\"T\"}}");
            await RequestAsync($"{{\"janus\":\"detach\",\"session_id\":{session},\"handle_id\":{handle},\"transaction\":\"T\"}}");
            await RequestAsync($"{{\"janus\":\"destroy\",\"session_id\":{session},\"transaction\":\"T\"}}");
        }
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
    }

    private async Task<JsonElement> RequestAsync(string template)
    {
        string transaction = "b" + (++_tx);
        byte[] payload = Encoding.UTF8.GetBytes(template.Replace("\"T\"", "\"" + transaction + "\""));
        long start = Stopwatch.GetTimestamp();
        await _socket.SendAsync(payload, WebSocketMessageType.Text, true, CancellationToken.None);
        while (true)
        {
            int length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(_receive.AsMemory(length), CancellationToken.None);
                length += result.Count;
            }
            while (!result.EndOfMessage);
            using JsonDocument doc = JsonDocument.Parse(_receive.AsMemory(0, length));
            JsonElement root = doc.RootElement;
            if (root.TryGetProperty("transaction", out JsonElement tx) && tx.GetString() == transaction)
            {
                LatencyTicks.Add(Stopwatch.GetTimestamp() - start);
                if (root.GetProperty("janus").GetString() == "error")
                {
                    Errors++;
                }
                return root.Clone();
            }
            // Anything else (the detached event) is not an answer: keep reading.
        }
    }
}
