using Janus.Host.Cli;

namespace Janus.Host.Tests.Cli;

public sealed class HelpTextTests
{
    // Every option of `janus --help` (Janus 0.x/1.x), as short/long names with value names.
    public static TheoryData<string> JanusSignatures => new()
    {
        "-h, --help", "-V, --version", "-b, --daemon", "-p, --pid-file=path", "-N, --disable-stdout", "    --log-stdout",
        "-L, --log-file=path", "-H, --cwd-path=path", "-i, --interface=ipaddress", "-P, --plugins-folder=path",
        "-C, --config=filename", "-F, --configs-folder=path", "-c, --cert-pem=filename", "-k, --cert-key=filename",
        "-K, --cert-pwd=text", "-S, --stun-server=ip:port", "-1, --nat-1-1=ips", "-2, --keep-private-host",
        "-E, --ice-enforce-list=list", "-X, --ice-ignore-list=list", "-6, --ipv6-candidates", "-l, --libnice-debug",
        "-f, --full-trickle", "-I, --ice-lite", "-T, --ice-tcp", "-Q, --min-nack-queue=number", "-t, --no-media-timer=number",
        "-W, --slowlink-threshold=number", "-r, --rtp-port-range=min-max", "-B, --twcc-period=number", "-n, --server-name=name",
        "-s, --session-timeout=number", "-m, --reclaim-session-timeout=number", "-d, --debug-level=1-7", "-D, --debug-timestamps",
        "-o, --disable-colors", "-M, --debug-locks", "-a, --apisecret=randomstring", "-A, --token-auth",
        "    --token-auth-secret=randomstring", "-e, --event-handlers", "-w, --no-webrtc-encryption",
    };

    private static readonly string s_help = HelpText.Build(CommandLineOptions.All);

    private static string LinesOf(string signature)
    {
        // The option's own line plus its continuation lines (indented further).
        string[] lines = s_help.Split('\n');
        int index = Array.FindIndex(lines, l => l.StartsWith("  " + signature, StringComparison.Ordinal)
            && (l.Length == signature.Length + 2 || l[signature.Length + 2] == ' '));
        Assert.True(index >= 0, $"'{signature}' missing from help");
        var block = new List<string> { lines[index] };
        for (int i = index + 1; i < lines.Length && lines[i].StartsWith("                                ", StringComparison.Ordinal); i++)
        {
            block.Add(lines[i]);
        }

        return string.Join(" ", block.Select(l => l.Trim()));
    }

    [Theory]
    [MemberData(nameof(JanusSignatures))]
    public void HelpListsEveryJanusOption(string signature) => LinesOf(signature);

    [Theory]
    [InlineData("-P, --plugins-folder=path", "(default=./plugins)")]
    [InlineData("-F, --configs-folder=path", "(default=./conf)")]
    [InlineData("-X, --ice-ignore-list=list", "(default=vmnet)")]
    [InlineData("-n, --server-name=name", "(default=MyJanusInstance)")]
    [InlineData("-s, --session-timeout=number", "(default=60)")]
    [InlineData("-m, --reclaim-session-timeout=number", "(default=0)")]
    [InlineData("-d, --debug-level=1-7", "(default=4)")]
    [InlineData("-B, --twcc-period=number", "(default=200ms)")]
    [InlineData("-H, --cwd-path=path", "(default=/)")]
    [InlineData("-b, --daemon", "(default=off)")]
    [InlineData("-D, --debug-timestamps", "the bundled conf/janus.jcfg turns them on")]
    [InlineData("    --demos-port=number", "(default=8080)")]
    public void HelpShowsJanusDefaults(string signature, string defaultText) => Assert.Contains(defaultText, LinesOf(signature));

    [Theory]
    [InlineData("-b, --daemon", true)]
    [InlineData("-T, --ice-tcp", true)]
    [InlineData("-l, --libnice-debug", true)]
    [InlineData("-M, --debug-locks", true)]
    [InlineData("-e, --event-handlers", true)]
    [InlineData("-I, --ice-lite", false)]
    [InlineData("-f, --full-trickle", false)]
    [InlineData("-S, --stun-server=ip:port", false)]
    [InlineData("-w, --no-webrtc-encryption", true)]
    public void HelpMarksOptionsNotYetInEffect(string signature, bool marked) =>
        Assert.Equal(marked, LinesOf(signature).Contains("(not yet in effect)", StringComparison.Ordinal));

    [Fact]
    public void HelpHasTheUsageLineAndOurDemoOptions()
    {
        Assert.Contains("\nUsage: janus [OPTION]...\n", s_help);
        Assert.Contains("--no-demos", LinesOf("    --no-demos"));
        Assert.Contains("127.0.0.1", LinesOf("    --demos-ip=ipaddress"));
    }

    [Fact]
    public void HelpLinesFitEightyColumns() =>
        Assert.All(s_help.Split('\n'), line => Assert.True(line.Length <= 80, $"too long: {line}"));
}
