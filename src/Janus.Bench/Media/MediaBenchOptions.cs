using System.Globalization;

namespace Janus.Bench.Media;

/// <summary>
/// <c>janus-bench media URL N SECONDS [PPS] [--pid P] [--admin URL|none] [--secret S] [--size BYTES] [--warmup-pcs W] [--no-warmup]</c>
/// </summary>
internal sealed record MediaBenchOptions
{
    public const string Usage =
        "janus-bench media ws://HOST:PORT N SECONDS [packetsPerSecondPerPc=50] [--pid PID] [--admin http://127.0.0.1:7088/admin|none] " +
        "[--secret janusoverlord] [--size 1200] [--warmup-pcs 32] [--no-warmup] [--client-ip 127.0.0.1] [--plugin janus.plugin.echotest]";

    public required Uri Url { get; init; }
    public required int PeerConnections { get; init; }
    public required int Seconds { get; init; }
    public int PacketsPerSecond { get; init; } = 50;
    public int Pid { get; init; }
    public Uri? Admin { get; init; } = new("http://127.0.0.1:7088/admin");
    public string AdminSecret { get; init; } = "janusoverlord";
    public int PacketSize { get; init; } = 1200;

    /// <summary>
    /// PCs brought up (with media) before anything is measured, and kept up through the RSS step. 32: past the 30
    /// calls after which the JIT recompiles a method, so the per-PC set-up paths are tiered up too.
    /// </summary>
    public int WarmupPeerConnections { get; init; } = DefaultWarmupPeerConnections;

    private const int DefaultWarmupPeerConnections = 32;

    /// <summary>The address the bench's peers use: a server that does not offer loopback (Janus) needs another one.</summary>
    public string ClientIp { get; init; } = "127.0.0.1";

    /// <summary>The echo plugin the peers attach to: the compiled EchoTest, or a script's (janus.plugin.echolua, ...).</summary>
    public string Plugin { get; init; } = EchoPeer.EchoPlugin;

    /// <summary>Parses the arguments after <c>media</c>; null (and a message on stderr) when they are wrong.</summary>
    public static MediaBenchOptions? Parse(string[] args)
    {
        var positional = new List<string>();
        int pid = 0;
        Uri? admin = new("http://127.0.0.1:7088/admin");
        string secret = "janusoverlord";
        int size = 1200;
        int warmup = DefaultWarmupPeerConnections;
        string clientIp = "127.0.0.1";
        string plugin = EchoPeer.EchoPlugin;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException(arg + " needs a value");
            switch (arg)
            {
                case "--pid": pid = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--admin": string a = Next(); admin = a == "none" ? null : new Uri(a); break;
                case "--secret": secret = Next(); break;
                case "--size": size = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--warmup-pcs": warmup = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--no-warmup": warmup = 0; break;
                case "--client-ip": clientIp = Next(); break;
                case "--plugin": plugin = Next(); break;
                default: positional.Add(arg); break;
            }
        }
        if (positional.Count < 3 || size is < 20 or > 1400 || warmup < 0)
        {
            Console.Error.WriteLine("usage: " + Usage);
            return null;
        }
        return new MediaBenchOptions
        {
            Url = new Uri(positional[0]),
            PeerConnections = int.Parse(positional[1], CultureInfo.InvariantCulture),
            Seconds = int.Parse(positional[2], CultureInfo.InvariantCulture),
            PacketsPerSecond = positional.Count > 3 ? int.Parse(positional[3], CultureInfo.InvariantCulture) : 50,
            Pid = pid,
            Admin = admin,
            AdminSecret = secret,
            PacketSize = size,
            WarmupPeerConnections = warmup,
            ClientIp = clientIp,
            Plugin = plugin,
        };
    }
}
