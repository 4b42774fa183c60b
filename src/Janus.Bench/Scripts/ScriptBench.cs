using System.Diagnostics;
using System.Text.Json;
using Janus.Core.Configuration;
using Janus.Core.Logging;
using Janus.Host;

namespace Janus.Bench.Scripts;

/// <summary>
/// <c>janus-bench scripts SECONDS [COPIES]</c>: the cost of a script plugin, per language, through the real API.
/// <list type="number">
/// <item>Synchronous <c>message</c> round trips over one WebSocket against a trivial plugin answering
/// <c>{"ok":true}</c>, in Lua, JavaScript and C# script, and against the same plugin compiled into the server
/// (<see cref="BenchPlugin"/>): what a script adds to a request is its latency minus the compiled plugin's.</item>
/// <item>Memory per loaded plugin: COPIES more copies of each language's plugin dropped into <c>plugins/</c>
/// while the server runs, then the growth of the process's RSS and managed heap, per copy.</item>
/// </list>
/// The server runs in this process (the same pipeline as janus: JanusApplication), so client and server share
/// the process: compare languages with each other, not with the media bench's per-process figures.
/// </summary>
internal static class ScriptBench
{
    public const string Usage = "janus-bench scripts SECONDS [COPIES=20]";

    private static readonly (string Language, string Folder, string Extension, string Source)[] Languages =
    [
        ("lua", "lua", "lua", """
            function init(config) end
            function createSession(id) end
            function destroySession(id) end
            function handleMessage(id, transaction, message, jsep) return 0, '{"ok":true}' end
            """),
        ("js", "js", "js", """
            function init(config) {}
            function createSession(id) {}
            function destroySession(id) {}
            function handleMessage(id, transaction, message, jsep) { return { ok: true }; }
            """),
        ("csx", "csx", "csx", """
            class Bench : ScriptPlugin
            {
                public override ScriptReply HandleMessage(long id, string transaction, JsonObject message, JsonObject? jsep)
                    => ScriptReply.Sync(new JsonObject { ["ok"] = true });
            }
            return new Bench();
            """),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1 || !int.TryParse(args[0], out int seconds) || seconds <= 0)
        {
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }
        int copies = args.Length > 1 && int.TryParse(args[1], out int c) && c > 0 ? c : 20;

        string root = Path.Combine(Path.GetTempPath(), "janus-script-bench-" + Environment.ProcessId);
        foreach (var (_, folder, _, _) in Languages)
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }
        JanusLog.Level = JanusLogLevel.Warn;
        var options = new ServerOptions { PluginsFolder = root };
        options.WebSockets.Ip = "127.0.0.1";
        options.WebSockets.Port = 0;
        options.Http.Enabled = false;
        options.Http.AdminEnabled = false;
        options.WebSockets.AdminEnabled = false;
        options.Demos.Enabled = false;
        try
        {
            await using JanusApplication app = await JanusApplication.StartAsync(options, [new BenchPlugin()]);
            var url = new Uri($"ws://127.0.0.1:{app.Server.WebSocketPort}/");
            foreach (var (language, folder, extension, source) in Languages)
            {
                File.WriteAllText(Path.Combine(root, folder, $"bench{language}." + extension), source);
            }

            Console.WriteLine($"synchronous message round trips, one WebSocket client, {seconds} s each (after 1 s of warm-up), median of 3 interleaved rounds");
            Console.WriteLine("| plugin | language | round trips/s | p50 us | p99 us | adds (p50) us | process CPU us/request |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            // Rounds interleave the plugins so a noisy moment of the machine does not land on one of them; each
            // row is the round with the median p50.
            const int Rounds = 3;
            var packages = new List<(string Package, string Language)> { (BenchPlugin.PackageName, "compiled C#") };
            foreach (var (language, _, _, _) in Languages)
            {
                packages.Add(($"janus.plugin.bench{language}", language));
            }
            var results = new List<RoundTrips>[packages.Count];
            for (int round = 0; round < Rounds; round++)
            {
                for (int i = 0; i < packages.Count; i++)
                {
                    (results[i] ??= new List<RoundTrips>()).Add(await MeasureAsync(url, packages[i].Package, seconds));
                }
            }
            RoundTrips Median(List<RoundTrips> list) => list.OrderBy(r => r.P50Micros).ElementAt(list.Count / 2);
            RoundTrips native = Median(results[0]);
            for (int i = 0; i < packages.Count; i++)
            {
                Print(packages[i].Package, packages[i].Language, Median(results[i]), native);
            }

            Console.WriteLine();
            Console.WriteLine($"memory per loaded plugin: {copies} more copies of each, loaded while the server runs");
            Console.WriteLine("| language | RSS KB per plugin | managed heap KB per plugin | load s for all |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var (language, folder, extension, source) in Languages)
            {
                await Task.Delay(500);
                Memory();
                (long rss, long heap) before = Memory();
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < copies; i++)
                {
                    File.WriteAllText(Path.Combine(root, folder, $"copy{language}{i}." + extension), source);
                }
                await using (var client = await ApiClient.ConnectAsync(url))
                {
                    for (int i = 0; i < copies; i++)
                    {
                        await client.WaitUntilAttachableAsync($"janus.plugin.copy{language}{i}", TimeSpan.FromSeconds(120));
                    }
                }
                clock.Stop();
                (long rss, long heap) after = Memory();
                Console.WriteLine($"| {language} | {(after.rss - before.rss) / 1024.0 / copies:F0} | {(after.heap - before.heap) / 1024.0 / copies:F0} | {clock.Elapsed.TotalSeconds:F1} |");
                foreach (string file in Directory.GetFiles(Path.Combine(root, folder), "copy*." + extension))
                {
                    File.Delete(file);
                }
                await Task.Delay(1000); // the deleted copies unload (and are collected) before the next language
            }
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Print(string plugin, string language, RoundTrips r, RoundTrips native) =>
        Console.WriteLine($"| {plugin} | {language} | {r.PerSecond:F0} | {r.P50Micros:F0} | {r.P99Micros:F0} | " +
                          $"{(ReferenceEquals(r, native) ? "-" : (r.P50Micros - native.P50Micros).ToString("F0"))} | {r.CpuMicrosPerRequest:F0} |");

    private static async Task<RoundTrips> MeasureAsync(Uri url, string package, int seconds)
    {
        await using ApiClient client = await ApiClient.ConnectAsync(url);
        long handle = await client.WaitUntilAttachableAsync(package, TimeSpan.FromSeconds(120));
        await client.LoopAsync(handle, TimeSpan.FromSeconds(1), null);
        var latencies = new List<long>(200_000);
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await client.LoopAsync(handle, TimeSpan.FromSeconds(seconds), latencies);
        clock.Stop();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        latencies.Sort();
        double Micros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
        return new RoundTrips(
            latencies.Count / clock.Elapsed.TotalSeconds,
            Micros(latencies[latencies.Count / 2]),
            Micros(latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * 0.99))]),
            cpu.TotalMicroseconds / latencies.Count);
    }

    private static (long Rss, long Heap) Memory()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: true));
    }

    private sealed record RoundTrips(double PerSecond, double P50Micros, double P99Micros, double CpuMicrosPerRequest);

    /// <summary>A minimal Janus API client: one session, synchronous requests.</summary>
    private sealed class ApiClient : IAsyncDisposable
    {
        private readonly BenchSocket _socket = new();
        private long _session;

        public static async Task<ApiClient> ConnectAsync(Uri url)
        {
            var client = new ApiClient();
            await client._socket.ConnectAsync(url);
            JsonElement created = await client._socket.RequestAsync("{\"janus\":\"create\",\"transaction\":\"T\"}");
            client._session = created.GetProperty("data").GetProperty("id").GetInt64();
            return client;
        }

        /// <summary>Attaches as soon as the plugin has loaded.</summary>
        public async Task<long> WaitUntilAttachableAsync(string package, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                JsonElement reply = await _socket.RequestAsync($"{{\"janus\":\"attach\",\"session_id\":{_session},\"plugin\":\"{package}\",\"transaction\":\"T\"}}");
                if (reply.GetProperty("janus").GetString() == "success")
                {
                    return reply.GetProperty("data").GetProperty("id").GetInt64();
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{package} never became attachable");
                }
                await Task.Delay(50);
            }
        }

        public async Task LoopAsync(long handle, TimeSpan duration, List<long>? latencies)
        {
            string request = $"{{\"janus\":\"message\",\"session_id\":{_session},\"handle_id\":{handle},\"body\":{{\"request\":\"ping\"}},\"transaction\":\"T\"}}";
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                long start = Stopwatch.GetTimestamp();
                JsonElement reply = await _socket.RequestAsync(request);
                latencies?.Add(Stopwatch.GetTimestamp() - start);
                if (reply.GetProperty("janus").GetString() != "success" || !reply.TryGetProperty("plugindata", out _))
                {
                    throw new InvalidOperationException("not a synchronous plugin answer: " + reply);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_socket.IsOpen)
            {
                await _socket.RequestAsync($"{{\"janus\":\"destroy\",\"session_id\":{_session},\"transaction\":\"T\"}}");
                await _socket.CloseAsync();
            }
            _socket.Dispose();
        }
    }
}
