using System.Globalization;
using Janus.Core.Configuration;

namespace Janus.Host.Cli;

/// <summary>
/// The options of <c>janus --help</c> (same short and long names and defaults as Janus's), followed by ours for
/// the demo pages. Descriptions are our own words.
/// </summary>
internal static class CommandLineOptions
{
    public static readonly IReadOnlyList<CommandLineOption> All =
    [
        new('h', "help", null, "Print this help and exit", static (_, _) => { }),
        new('V', "version", null, "Print the version and exit", static (_, _) => { }),
        new('b', "daemon", null, "Run in the background as a daemon  (default=off)", static (o, _) => o.Daemonize = true, NotYetInEffect: true),
        new('p', "pid-file", "path", "Write the process id to this file at start  (default=none)", static (o, v) => o.PidFile = v),
        new('N', "disable-stdout", null, "Do not log to stdout  (default=off)", static (o, _) => o.DisableStdout = true),
        new(null, "log-stdout", null, "Keep logging to stdout even when running as a daemon  (default=off)", static (o, _) => o.LogStdout = true),
        new('L', "log-file", "path", "Also log to this file  (default=stdout only)", static (o, v) => o.LogFile = v),
        new('H', "cwd-path", "path", "Working directory of the daemon process  (default=/)", static (o, v) => o.WorkingDirectory = v),
        new('i', "interface", "ipaddress", "Address to use as our own (the public IP written in SDP)", static (o, v) => o.Media.Interface = v),
        new('P', "plugins-folder", "path", "Folder to load plugins from  (default=./plugins)", static (o, v) => o.PluginsFolder = v),
        new('C', "config", "filename", "The janus.jcfg file to read  (default=CONFIGS_FOLDER/janus.jcfg)", static (o, v) => o.ConfigFile = v),
        new('F', "configs-folder", "path", "Folder of the .jcfg configuration files  (default=./conf)", static (o, v) => o.ConfigsFolder = v),
        new('c', "cert-pem", "filename", "DTLS certificate (PEM file)", static (o, v) => o.Media.CertPem = v),
        new('k', "cert-key", "filename", "Private key of the DTLS certificate", static (o, v) => o.Media.CertKey = v),
        new('K', "cert-pwd", "text", "Passphrase of the DTLS certificate's key, if it has one", static (o, v) => o.Media.CertPwd = v),
        new('S', "stun-server", "ip:port", "STUN server (and :port, 3478 if omitted) to learn our public address through, e.g. behind a NAT  (default=none)", ApplyStunServer),
        new('1', "nat-1-1", "ips", "Comma-separated public IPs to advertise in host candidates, for a 1:1 NAT such as a cloud instance  (default=none)", static (o, v) => SetList(o.Media.Nat11, v)),
        new('2', "keep-private-host", null, "With --nat-1-1, keep the private host candidate next to the public one  (default=off)", static (o, _) => o.Media.KeepPrivateHost = true),
        new('E', "ice-enforce-list", "list", "Comma-separated interfaces or address prefixes that ICE may use, and no others; partial names match (e.g. eth0 or eno1,wlan0)  (default=none)", static (o, v) => SetList(o.Media.IceEnforceList, v)),
        new('X', "ice-ignore-list", "list", "Comma-separated interfaces or address prefixes that ICE must skip; partial names match (e.g. vmnet8,192.168.0.1 or vmnet,192.168.)  (default=vmnet)", static (o, v) => SetList(o.Media.IceIgnoreList, v)),
        new('6', "ipv6-candidates", null, "Gather IPv6 candidates too  (default=off)", static (o, _) => o.Media.Ipv6 = true),
        new('l', "libnice-debug", null, "Debug logging of the ICE agent  (default=off)", static (o, _) => o.Media.LibniceDebug = true, NotYetInEffect: true),
        new('f', "full-trickle", null, "Trickle candidates both ways instead of half-trickle  (default=off)", static (o, _) => o.Media.FullTrickle = true),
        new('I', "ice-lite", null, "Run ICE in lite mode  (default=off)", static (o, _) => o.Media.IceLite = true),
        new('T', "ice-tcp", null, "Offer ICE candidates over TCP (needs --ice-lite)  (default=off)", static (o, _) => o.Media.IceTcp = true, NotYetInEffect: true),
        new('Q', "min-nack-queue", "number", "Shortest time (ms) packets are kept for retransmission, whatever the RTT  (default=200)", static (o, v) => o.Media.MinNackQueue = ParseInt("min-nack-queue", v, 0, int.MaxValue)),
        new('t', "no-media-timer", "number", "Seconds without incoming audio or video before the application is told media stopped  (default=1)", static (o, v) => o.Media.NoMediaTimer = ParseInt("no-media-timer", v, 0, int.MaxValue)),
        new('W', "slowlink-threshold", "number", "Lost packets per second that trigger a 'slowlink' event to the user  (default=0, off)", static (o, v) => o.Media.SlowlinkThreshold = ParseInt("slowlink-threshold", v, 0, int.MaxValue)),
        new('r', "rtp-port-range", "min-max", "UDP port range for media  (default=any port)", ApplyPortRange),
        new('B', "twcc-period", "number", "Interval (ms) of transport-wide congestion control feedback, when negotiated  (default=200ms)", static (o, v) => o.Media.TwccPeriod = ParseInt("twcc-period", v, 1, int.MaxValue)),
        new('n', "server-name", "name", "Name this server reports about itself  (default=MyJanusInstance)", static (o, v) => o.ServerName = v),
        new('s', "session-timeout", "number", "Seconds of silence after which a session is dropped, 0 for never  (default=60)", static (o, v) => o.SessionTimeout = ParseInt("session-timeout", v, 0, int.MaxValue)),
        new('m', "reclaim-session-timeout", "number", "Seconds a session whose transport went away may be reclaimed  (default=0)", static (o, v) => o.ReclaimSessionTimeout = ParseInt("reclaim-session-timeout", v, 0, int.MaxValue)),
        new('d', "debug-level", "1-7", "Log level, 0 for none up to 7 for everything  (default=4)", static (o, v) => o.DebugLevel = ParseInt("debug-level", v, 0, 7)),
        new('D', "debug-timestamps", null, "Put a timestamp on every log line  (default=off, as in Janus; the bundled conf/janus.jcfg turns them on with debug_timestamps = true)", static (o, _) => o.DebugTimestamps = true),
        new('o', "disable-colors", null, "Log without colors  (default=off)", static (o, _) => o.DisableColors = true),
        new('M', "debug-locks", null, "Log lock activity (very verbose)  (default=off)", static (o, _) => o.DebugLocks = true, NotYetInEffect: true),
        new('a', "apisecret", "randomstring", "Secret every Janus API request must carry (handy when a backend fronts the server)  (default=none)", static (o, v) => o.ApiSecret = v),
        new('A', "token-auth", null, "Require an authentication token on every request  (default=off)", static (o, _) => o.TokenAuth = true),
        new(null, "token-auth-secret", "randomstring", "Key to check HMAC-signed tokens with (use with -A)", static (o, v) => o.TokenAuthSecret = v),
        new('e', "event-handlers", null, "Turn event handlers on  (default=off)", static (o, _) => o.EventHandlers = true, NotYetInEffect: true),
        new('w', "no-webrtc-encryption", null, "Turn off DTLS and SRTP (debugging only!)  (default=off)", static (o, _) => o.Media.NoWebRtcEncryption = true, NotYetInEffect: true),

        // Ours: Janus leaves the demo pages to a separate web server.
        new(null, "no-demos", null, "Do not serve the demo pages  (default=serve them)", static (o, _) => o.Demos.Enabled = false),
        new(null, "demos-port", "number", "Port of the demo pages  (default=8080)", static (o, v) => o.Demos.Port = ParseInt("demos-port", v, 1, 65535)),
        new(null, "demos-ip", "ipaddress", "Address the demo pages listen on  (default=127.0.0.1)", static (o, v) => o.Demos.Ip = v),
        new(null, "demos-folder", "path", "Serve the demo pages from this folder instead of the bundled ones", static (o, v) => o.Demos.Folder = v),
    ];

    /// <summary>Options that Janus has and that are not part of Janus (shown separately in the help).</summary>
    public static bool IsOurs(CommandLineOption option) => option.Long.StartsWith("demos-", StringComparison.Ordinal) || option.Long == "no-demos";

    internal static int ParseInt(string name, string value, int min, int max)
    {
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number) || number < min || number > max)
        {
            throw new CommandLineException($"invalid value '{value}' for '--{name}': expected a number from {min} to {max}");
        }

        return (int)number;
    }

    private static void SetList(List<string> target, string value)
    {
        target.Clear();
        foreach (string item in value.Split(','))
        {
            string trimmed = item.Trim();
            if (trimmed.Length > 0)
            {
                target.Add(trimmed);
            }
        }
    }

    /// <summary>"host" or "host:port"; a bracketed IPv6 address may carry a port after the bracket.</summary>
    private static void ApplyStunServer(ServerOptions options, string value)
    {
        string host = value;
        int port = 3478;
        int colon = value.LastIndexOf(':');
        bool bareIpv6 = value.IndexOf(':') != colon && !value.StartsWith('[');
        if (colon > 0 && !bareIpv6)
        {
            host = value[..colon];
            port = ParseInt("stun-server", value[(colon + 1)..], 1, 65535);
        }

        host = host.Trim('[', ']');
        if (host.Length == 0)
        {
            throw new CommandLineException($"invalid value '{value}' for '--stun-server': expected ip or ip:port");
        }

        options.Media.StunServer = host;
        options.Media.StunPort = port;
    }

    private static void ApplyPortRange(ServerOptions options, string value)
    {
        if (!PortRange.TryParse(value, out int min, out int max))
        {
            throw new CommandLineException($"invalid value '{value}' for '--rtp-port-range': expected min-max, e.g. 20000-40000");
        }

        options.Media.RtpPortMin = min;
        options.Media.RtpPortMax = max;
    }
}
