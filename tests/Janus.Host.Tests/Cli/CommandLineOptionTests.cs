using Janus.Core.Configuration;
using Janus.Host.Cli;

namespace Janus.Host.Tests.Cli;

public sealed class CommandLineOptionTests
{
    private static ServerOptions Apply(params string[] args)
    {
        ParsedCommandLine parsed = CommandLineParser.Parse(args, CommandLineOptions.All);
        var options = new ServerOptions();
        parsed.ApplyTo(options);
        return options;
    }

    public static TheoryData<string, string, string?, Func<ServerOptions, object?>, object?> EveryOption => new()
    {
        { "b", "daemon", null, o => o.Daemonize, true },
        { "p", "pid-file", "/run/j.pid", o => o.PidFile, "/run/j.pid" },
        { "N", "disable-stdout", null, o => o.DisableStdout, true },
        { "", "log-stdout", null, o => o.LogStdout, true },
        { "L", "log-file", "/tmp/j.log", o => o.LogFile, "/tmp/j.log" },
        { "H", "cwd-path", "/srv", o => o.WorkingDirectory, "/srv" },
        { "i", "interface", "192.0.2.7", o => o.Media.Interface, "192.0.2.7" },
        { "P", "plugins-folder", "/p", o => o.PluginsFolder, "/p" },
        { "C", "config", "/c/janus.jcfg", o => o.ConfigFile, "/c/janus.jcfg" },
        { "F", "configs-folder", "/c", o => o.ConfigsFolder, "/c" },
        { "c", "cert-pem", "/x.pem", o => o.Media.CertPem, "/x.pem" },
        { "k", "cert-key", "/x.key", o => o.Media.CertKey, "/x.key" },
        { "K", "cert-pwd", "secret", o => o.Media.CertPwd, "secret" },
        { "S", "stun-server", "stun.example.org:19302", o => (o.Media.StunServer, o.Media.StunPort), ("stun.example.org", 19302) },
        { "1", "nat-1-1", "203.0.113.1,203.0.113.2", o => string.Join("|", o.Media.Nat11), "203.0.113.1|203.0.113.2" },
        { "2", "keep-private-host", null, o => o.Media.KeepPrivateHost, true },
        { "E", "ice-enforce-list", "eth0,wlan0", o => string.Join("|", o.Media.IceEnforceList), "eth0|wlan0" },
        { "X", "ice-ignore-list", "vmnet8,10.0.", o => string.Join("|", o.Media.IceIgnoreList), "vmnet8|10.0." },
        { "6", "ipv6-candidates", null, o => o.Media.Ipv6, true },
        { "l", "libnice-debug", null, o => o.Media.LibniceDebug, true },
        { "f", "full-trickle", null, o => o.Media.FullTrickle, true },
        { "I", "ice-lite", null, o => o.Media.IceLite, true },
        { "T", "ice-tcp", null, o => o.Media.IceTcp, true },
        { "Q", "min-nack-queue", "500", o => o.Media.MinNackQueue, 500 },
        { "t", "no-media-timer", "5", o => o.Media.NoMediaTimer, 5 },
        { "W", "slowlink-threshold", "4", o => o.Media.SlowlinkThreshold, 4 },
        { "r", "rtp-port-range", "20000-40000", o => (o.Media.RtpPortMin, o.Media.RtpPortMax), (20000, 40000) },
        { "B", "twcc-period", "100", o => o.Media.TwccPeriod, 100 },
        { "n", "server-name", "Mine", o => o.ServerName, "Mine" },
        { "s", "session-timeout", "120", o => o.SessionTimeout, 120 },
        { "m", "reclaim-session-timeout", "10", o => o.ReclaimSessionTimeout, 10 },
        { "d", "debug-level", "7", o => o.DebugLevel, 7 },
        { "D", "debug-timestamps", null, o => o.DebugTimestamps, true },
        { "o", "disable-colors", null, o => o.DisableColors, true },
        { "M", "debug-locks", null, o => o.DebugLocks, true },
        { "a", "apisecret", "janusrocks", o => o.ApiSecret, "janusrocks" },
        { "A", "token-auth", null, o => o.TokenAuth, true },
        { "", "token-auth-secret", "hmac", o => o.TokenAuthSecret, "hmac" },
        { "e", "event-handlers", null, o => o.EventHandlers, true },
        { "w", "no-webrtc-encryption", null, o => o.Media.NoWebRtcEncryption, true },
        { "", "no-demos", null, o => o.Demos.Enabled, false },
        { "", "demos-port", "9090", o => o.Demos.Port, 9090 },
        { "", "demos-ip", "0.0.0.0", o => o.Demos.Ip, "0.0.0.0" },
        { "", "demos-folder", "/srv/html", o => o.Demos.Folder, "/srv/html" },
    };

    [Theory]
    [MemberData(nameof(EveryOption))]
    public void LongFormWithEqualsAndWithSeparateValue(string shortName, string longName, string? value, Func<ServerOptions, object?> read, object? expected)
    {
        _ = shortName;
        if (value is null)
        {
            Assert.Equal(expected, read(Apply("--" + longName)));
            return;
        }

        Assert.Equal(expected, read(Apply($"--{longName}={value}")));
        Assert.Equal(expected, read(Apply("--" + longName, value)));
    }

    [Theory]
    [MemberData(nameof(EveryOption))]
    public void ShortFormSeparateAndAttached(string shortName, string longName, string? value, Func<ServerOptions, object?> read, object? expected)
    {
        _ = longName;
        if (shortName.Length == 0)
        {
            Assert.DoesNotContain(CommandLineOptions.All, o => o.Long == longName && o.Short is not null);
            return;
        }

        if (value is null)
        {
            Assert.Equal(expected, read(Apply("-" + shortName)));
            return;
        }

        Assert.Equal(expected, read(Apply("-" + shortName, value)));
        Assert.Equal(expected, read(Apply("-" + shortName + value)));
    }

    [Fact]
    public void EveryOptionInTheTableIsCovered()
    {
        var covered = EveryOption.Select(row => (string)row[1]).Append("help").Append("version").ToHashSet();
        Assert.All(CommandLineOptions.All, option => Assert.Contains(option.Long, covered));
    }

    [Fact]
    public void DefaultsAreJanusDefaults()
    {
        ServerOptions o = Apply();
        Assert.Equal(("./conf", "./plugins", "MyJanusInstance"), (o.ConfigsFolder, o.PluginsFolder, o.ServerName));
        Assert.Equal((60, 0, 4), (o.SessionTimeout, o.ReclaimSessionTimeout, o.DebugLevel));
        Assert.Equal(new[] { "vmnet" }, o.Media.IceIgnoreList);
        Assert.Equal(200, o.Media.TwccPeriod);
        Assert.Equal("/", o.WorkingDirectory);
        Assert.False(o.Daemonize || o.DisableStdout || o.LogStdout || o.DebugTimestamps || o.DisableColors || o.DebugLocks || o.TokenAuth || o.EventHandlers);
        Assert.False(o.Media.Ipv6 || o.Media.FullTrickle || o.Media.IceLite || o.Media.IceTcp || o.Media.KeepPrivateHost || o.Media.NoWebRtcEncryption);
        Assert.Null(o.ApiSecret);
        Assert.Null(o.PidFile);
        Assert.Null(o.Media.StunServer);
        Assert.Equal((true, 8080, "127.0.0.1"), (o.Demos.Enabled, o.Demos.Port, o.Demos.Ip));
    }

    [Fact]
    public void FlagsClusterAndTheLastCanTakeAValue()
    {
        ServerOptions o = Apply("-DfId", "6");
        Assert.True(o.DebugTimestamps && o.Media.FullTrickle && o.Media.IceLite);
        Assert.Equal(6, o.DebugLevel);
    }

    [Fact]
    public void UnambiguousLongPrefixesAreAccepted() => Assert.Equal(5, Apply("--debug-le=5").DebugLevel);

    [Fact]
    public void StunServerWithoutPortUses3478() => Assert.Equal(("stun.example.org", 3478), (Apply("-S", "stun.example.org").Media.StunServer, Apply("-S", "stun.example.org").Media.StunPort));

    [Theory]
    [InlineData("unrecognized option '--bogus'", "--bogus")]
    [InlineData("invalid option -- 'Z'", "-Z")]
    [InlineData("option '--debug' is ambiguous", "--debug")]
    [InlineData("requires an argument", "--debug-level")]
    [InlineData("requires an argument", "-d")]
    [InlineData("doesn't allow an argument", "--ice-lite=yes")]
    [InlineData("expected a number from 0 to 7", "-d", "8")]
    [InlineData("expected a number from 0 to 7", "--debug-level=four")]
    [InlineData("expected min-max", "-r", "20000")]
    [InlineData("expected a number from 1 to 65535", "-S", "stun.example.org:99999")]
    [InlineData("given more than once", "-d", "4", "--debug-level=5")]
    [InlineData("unexpected argument 'stray'", "stray")]
    [InlineData("unexpected argument 'x'", "--", "x")]
    public void BadCommandLinesAreRefused(string message, params string[] args)
    {
        CommandLineException error = Assert.Throws<CommandLineException>(() => CommandLineParser.Parse(args, CommandLineOptions.All));
        Assert.Contains(message, error.Message);
    }
}
