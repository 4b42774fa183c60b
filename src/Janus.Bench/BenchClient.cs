using System.Diagnostics;
using System.Text.Json;

namespace Janus.Bench;

/// <summary>One WebSocket client looping create, attach, message, detach, destroy, timing every request.</summary>
internal sealed class BenchClient
{
    private readonly BenchSocket _socket = new();
    private readonly string _plugin;

    public BenchClient(string plugin) => _plugin = plugin;

    public List<long> LatencyTicks { get; } = new(100_000);

    public int Errors { get; private set; }

    public Task ConnectAsync(Uri url) => _socket.ConnectAsync(url);

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
    }

    /// <summary>Forgets what was timed so far (the end of the warm-up).</summary>
    public void ResetFigures()
    {
        LatencyTicks.Clear();
        Errors = 0;
    }

    public Task CloseAsync() => _socket.CloseAsync();

    private async Task<JsonElement> RequestAsync(string template)
    {
        long start = Stopwatch.GetTimestamp();
        JsonElement answer = await _socket.RequestAsync(template);
        LatencyTicks.Add(Stopwatch.GetTimestamp() - start);
        if (answer.GetProperty("janus").GetString() == "error")
        {
            Errors++;
        }
        return answer;
    }
}
