using System.Diagnostics;
using Janus.Bench;
using Janus.Bench.Media;
using Janus.Core.Configuration;
using Janus.Core.Logging;
using Janus.Host;

// janus-bench URL CLIENTS SECONDS [PLUGIN] [--warmup S]   load a running server over WebSocket (after S s of
//                                            untimed load, default 3, so JIT tiering is not in the window)
// janus-bench --serve PORT                   run a server with the trivial bench plugin on 127.0.0.1:PORT
// janus-bench media URL N SECONDS [PPS] ...  N echo PeerConnections against a running server (see MediaBenchOptions)
// janus-bench scripts SECONDS [COPIES]       script plugins per language: round trips, dispatch cost, memory
// janus-bench record [SECONDS] [FOLDER]      the per-packet cost of .mjr recording
// janus-bench srtp [PACKETS] [SIZE]          CPU per SRTP protect + unprotect, per profile
// janus-bench udp-floor [N] [SECONDS] [PPS]  the media bench's floor: the same UDP reactor echoing with no WebRTC work
// janus-bench soak URL CLIENTS MINUTES ...   churn sessions, PeerConnections and garbage; RSS, threads, fds at the ends
if (args.Length >= 1 && args[0] == "srtp")
{
    return Janus.Bench.Srtp.SrtpBench.Run(args[1..]);
}
if (args.Length >= 1 && args[0] == "udp-floor")
{
    return UdpFloorBench.Run(args[1..]);
}
if (args.Length >= 1 && args[0] == "record")
{
    return Janus.Bench.Recording.RecordBench.Run(args[1..]);
}
if (args.Length >= 1 && args[0] == "scripts")
{
    return await Janus.Bench.Scripts.ScriptBench.RunAsync(args[1..]);
}
if (args.Length >= 1 && args[0] == "soak")
{
    return await SoakBench.RunAsync(args[1..]);
}
if (args.Length >= 1 && args[0] == "media")
{
    MediaBenchOptions? media = MediaBenchOptions.Parse(args[1..]);
    return media is null ? 2 : await MediaBench.RunAsync(media);
}
if (args.Length >= 2 && args[0] == "--serve")
{
    JanusLog.Level = JanusLogLevel.Warn;
    var options = new ServerOptions();
    options.WebSockets.Ip = "127.0.0.1";
    options.WebSockets.Port = int.Parse(args[1]);
    options.Http.Enabled = false;
    options.Http.AdminEnabled = false;
    options.WebSockets.AdminEnabled = false;
    await using JanusServer server = await JanusServer.StartAsync(options, [new BenchPlugin()]);
    Console.WriteLine($"bench server on ws://127.0.0.1:{server.WebSocketPort} with {BenchPlugin.PackageName}; Ctrl+C to stop");
    var stop = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
    await stop.Task;
    return 0;
}
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: janus-bench URL CLIENTS SECONDS [PLUGIN] [--warmup 3] | janus-bench --serve PORT | " + MediaBenchOptions.Usage);
    return 2;
}
int warmupSeconds = 3;
int warmupAt = Array.IndexOf(args, "--warmup");
if (warmupAt >= 0 && warmupAt + 1 < args.Length)
{
    warmupSeconds = int.Parse(args[warmupAt + 1]);
    args = [.. args[..warmupAt], .. args[(warmupAt + 2)..]];
}
var url = new Uri(args[0]);
int clients = int.Parse(args[1]);
int seconds = int.Parse(args[2]);
string plugin = args.Length > 3 ? args[3] : BenchPlugin.PackageName;
// The server's CPU comes from /proc of the process listening on the URL's port (a server on this machine).
int serverPid = ServerProbe.FindListeningPid(url.Port);
using var probe = serverPid > 0 ? new ServerProbe(serverPid, null, "") : null;

var all = new BenchClient[clients];
for (int i = 0; i < clients; i++)
{
    all[i] = new BenchClient(plugin);
    await all[i].ConnectAsync(url);
}
if (warmupSeconds > 0)
{
    var warmUntil = DateTime.UtcNow.AddSeconds(warmupSeconds);
    await Task.WhenAll(all.Select(c => Task.Run(() => c.RunAsync(warmUntil))));
    Array.ForEach(all, c => c.ResetFigures());
}
var until = DateTime.UtcNow.AddSeconds(seconds);
double serverCpuBefore = probe?.TotalCpuMicroseconds() ?? 0;
var clock = Stopwatch.StartNew();
await Task.WhenAll(all.Select(c => Task.Run(() => c.RunAsync(until))));
clock.Stop();
await Task.WhenAll(all.Select(c => c.CloseAsync()));
double serverCpuSeconds = ((probe?.TotalCpuMicroseconds() ?? 0) - serverCpuBefore) / 1e6;

var latencies = all.SelectMany(c => c.LatencyTicks).ToArray();
Array.Sort(latencies);
double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
double Percentile(double p) => latencies.Length == 0 ? 0 : Ms(latencies[Math.Min(latencies.Length - 1, (int)(p * latencies.Length))]);
Console.WriteLine($"clients={clients} seconds={clock.Elapsed.TotalSeconds:F1} requests={latencies.Length} errors={all.Sum(c => c.Errors)}");
Console.WriteLine($"requests/s={latencies.Length / clock.Elapsed.TotalSeconds:F0} p50={Percentile(0.50):F3}ms p99={Percentile(0.99):F3}ms max={(latencies.Length > 0 ? Ms(latencies[^1]) : 0):F3}ms");
// Each loop times its five requests in order: split the figures by request.
string[] names = ["create", "attach", "message", "detach", "destroy"];
for (int kind = 0; kind < names.Length; kind++)
{
    var ofKind = all.SelectMany(c => c.LatencyTicks.Where((_, i) => i % names.Length == kind)).Order().ToArray();
    if (ofKind.Length > 0)
    {
        Console.WriteLine($"  {names[kind],-8} p50={Ms(ofKind[ofKind.Length / 2]):F3}ms p99={Ms(ofKind[Math.Min(ofKind.Length - 1, (int)(0.99 * ofKind.Length))]):F3}ms");
    }
}
if (probe is not null && latencies.Length > 0)
{
    double perThousand = serverCpuSeconds * 1000 / latencies.Length;
    Console.WriteLine($"server pid {probe.Pid}: {serverCpuSeconds:F2} s CPU, {perThousand:F4} s per 1000 requests (= {1000 / perThousand:F0} requests/s per core)");
}
return 0;
