using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Janus.Bench;

/// <summary>One Janus API WebSocket (janus-protocol): sends a request and reads until the answer to its transaction.</summary>
internal sealed class BenchSocket : IDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _receive = new byte[64 * 1024];
    private long _tx;

    public bool IsOpen => _socket.State == WebSocketState.Open;

    public async Task ConnectAsync(Uri url)
    {
        _socket.Options.AddSubProtocol("janus-protocol");
        await _socket.ConnectAsync(url, CancellationToken.None);
    }

    /// <summary>Sends <paramref name="template"/> with its <c>"T"</c> transaction replaced by a fresh one; returns the answer.</summary>
    public async Task<JsonElement> RequestAsync(string template)
    {
        string transaction = "b" + (++_tx);
        byte[] payload = Encoding.UTF8.GetBytes(template.Replace("\"T\"", "\"" + transaction + "\""));
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
                return root.Clone();
            }
            // Anything else (an event such as detached) is not an answer: keep reading.
        }
    }

    public Task CloseAsync() => _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);

    public void Dispose() => _socket.Dispose();
}
