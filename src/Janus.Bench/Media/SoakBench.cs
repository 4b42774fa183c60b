using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Janus.Core.Configuration;
using Janus.Media.Dtls;
using Janus.Media.Ice;

namespace Janus.Bench.Media;

/// <summary>
/// <c>janus-bench soak ws://HOST:PORT CLIENTS MINUTES [--pid PID] [--admin URL|none] [--secret S] [--client-ip IP]</c>:
/// CLIENTS loops churn sessions, handles, EchoTest PeerConnections with a second of media, and garbage (malformed
/// JSON, unknown sessions and handles, broken SDP) for MINUTES, and the server's RSS, sessions, handles, threads, file
/// descriptors and GC heap are printed at the start, every minute and at the end, after the churn has stopped and the
/// server had a few seconds to settle. What must hold: memory flat after the first minute, nothing leaked.
/// </summary>
internal static class SoakBench
{
    public const string Usage = "janus-bench soak ws://HOST:PORT CLIENTS MINUTES [--pid PID] [--admin http://127.0.0.1:7088/admin|none] [--secret janusoverlord] [--client-ip 127.0.0.1]";

    public static async Task<int> RunAsync(string[] args)
    {
        var positional = new List<string>();
        int pid = 0;
        Uri? admin = new("http://127.0.0.1:7088/admin");
        string secret = "janusoverlord";
        string clientIp = "127.0.0.1";
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException(args[i] + " needs a value");
            switch (args[i])
            {
                case "--pid": pid = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--admin": string a = Next(); admin = a == "none" ? null : new Uri(a); break;
                case "--secret": secret = Next(); break;
                case "--client-ip": clientIp = Next(); break;
                default: positional.Add(args[i]); break;
            }
        }
        if (positional.Count < 3)
        {
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }
        var url = new Uri(positional[0]);
        int clients = int.Parse(positional[1], CultureInfo.InvariantCulture);
        double minutes = double.Parse(positional[2], CultureInfo.InvariantCulture);
        // A server that is still loading its plugins (a C# script compiling) is waited for, up to a minute.
        for (int tries = 0; tries < 120 && ServerProbe.FindListeningPid(url.Port) <= 0; tries++)
        {
            await Task.Delay(500);
        }
        pid = pid > 0 ? pid : ServerProbe.FindListeningPid(url.Port);
        if (pid <= 0)
        {
            Console.Error.WriteLine($"cannot find the process listening on port {url.Port}: pass --pid");
            return 2;
        }

        using var probe = new ServerProbe(pid, admin, secret);
        using var network = new IceNetwork(new MediaOptions { Interface = clientIp });
        DtlsCertificate certificate = DtlsCertificate.Generate("janus-soak");
        Console.WriteLine($"soak: server pid {pid}; {clients} clients for {minutes} min");
        Console.WriteLine("minute  rss_MB  gc_heap_MB  sessions  handles  threads  fds   cycles  pcs  garbage  failures");
        var counters = new Counters();
        await PrintAsync(probe, "start", counters);

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        Task[] loops = Enumerable.Range(0, clients).Select(i => Task.Run(() => ClientLoopAsync(url, i, network, certificate, counters, stop.Token))).ToArray();
        var started = DateTime.UtcNow;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(1), stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await PrintAsync(probe, ((DateTime.UtcNow - started).TotalMinutes).ToString("0", CultureInfo.InvariantCulture), counters);
        }
        await Task.WhenAll(loops);
        // Let the server finish tearing down what the last cycles left (detaches, PeerConnections, a GC).
        await Task.Delay(TimeSpan.FromSeconds(5));
        await PrintAsync(probe, "end", counters);
        return 0;
    }

    private sealed class Counters
    {
        public long Cycles;
        public long PeerConnections;
        public long Garbage;
        public long Failures;
    }

    private static async Task ClientLoopAsync(Uri url, int index, IceNetwork network, DtlsCertificate certificate, Counters counters, CancellationToken stop)
    {
        var random = new Random(index);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var signalling = new JanusSignalling();
                await signalling.ConnectAsync(url);
                for (int round = 0; round < 20 && !stop.IsCancellationRequested; round++)
                {
                    long session = await signalling.CreateSessionAsync();
                    long handle = await signalling.AttachAsync(session, EchoPeer.EchoPlugin);
                    await signalling.MessageAsync(session, handle, new JsonObject { ["audio"] = true, ["bitrate"] = 128000 }, null);
                    if (round % 5 == 0)
                    {
                        // A PeerConnection with a second of media, then gone with its session.
                        using var peer = new EchoPeer(signalling, network, certificate);
                        await peer.ConnectAsync(TimeSpan.FromSeconds(10));
                        using (var pacer = new PacketPacer([peer], 50, 1000))
                        {
                            pacer.Start();
                            await Task.Delay(1000, CancellationToken.None);
                        }
                        await signalling.DestroySessionAsync(peer.Session);
                        Interlocked.Increment(ref counters.PeerConnections);
                    }
                    await signalling.DestroySessionAsync(session);
                    Interlocked.Increment(ref counters.Cycles);
                }
                await SendGarbageAsync(url, random);
                Interlocked.Increment(ref counters.Garbage);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or WebSocketException or IOException)
            {
                Interlocked.Increment(ref counters.Failures);
            }
        }
    }

    // What a careless or hostile client sends: each must get an error and cost the server nothing it keeps.
    private static async Task SendGarbageAsync(Uri url, Random random)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("janus-protocol");
        await socket.ConnectAsync(url, CancellationToken.None);
        string[] messages =
        [
            "{\"janus\":\"create\"",
            "not json at all",
            "{\"janus\":\"attach\",\"session_id\":1,\"plugin\":\"janus.plugin.echotest\",\"transaction\":\"g1\"}",
            "{\"janus\":\"message\",\"session_id\":1,\"handle_id\":2,\"body\":{},\"transaction\":\"g2\"}",
            "{\"janus\":\"create\",\"transaction\":\"g3\"}",
            "{\"janus\":\"trickle\",\"session_id\":3,\"handle_id\":4,\"candidate\":{\"candidate\":\"bogus\"},\"transaction\":\"g4\"}",
        ];
        foreach (string message in messages)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        byte[] noise = new byte[random.Next(1, 512)];
        random.NextBytes(noise);
        await socket.SendAsync(noise, WebSocketMessageType.Binary, true, CancellationToken.None);
        // The session "g3" created is left to the socket's end: the server must free it when the socket goes.
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
    }

    private static async Task PrintAsync(ServerProbe probe, string minute, Counters counters)
    {
        JsonNode? status = null;
        try
        {
            status = await probe.StatusAsync();
        }
        catch (HttpRequestException)
        {
            // No Admin API: the columns it feeds read "?".
        }
        long rss = probe.RssBytes();
        string threads = "?";
        foreach (string line in File.ReadLines($"/proc/{probe.Pid}/status"))
        {
            if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = line[8..].Trim();
            }
        }
        int fds = Directory.GetFiles($"/proc/{probe.Pid}/fd").Length;
        string Mb(JsonNode? bytes) => bytes is null ? "?" : (bytes.GetValue<long>() / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{minute,-7} {rss / 1048576.0,7:0.0} {Mb(status?["gc_heap_bytes"]),10} {status?["sessions"]?.ToString() ?? "?",9} {status?["handles"]?.ToString() ?? "?",8} {threads,8} {fds,5} {Volatile.Read(ref counters.Cycles),8} {Volatile.Read(ref counters.PeerConnections),4} {Volatile.Read(ref counters.Garbage),8} {Volatile.Read(ref counters.Failures),9}"));
    }
}
