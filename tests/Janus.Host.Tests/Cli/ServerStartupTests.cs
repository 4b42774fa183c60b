using Janus.Core.Configuration;
using Janus.Host.Cli;

namespace Janus.Host.Tests.Cli;

public sealed class ServerStartupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("startup-").FullName;
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ServerOptions? Start(out int exitCode, params string[] args) => ServerStartup.LoadOptions(args, _stdout, _stderr, out exitCode);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_folder, name), text);

    [Fact]
    public void HelpPrintsToStdoutAndExitsZero()
    {
        Assert.Null(Start(out int exitCode, "--help"));
        Assert.Equal(0, exitCode);
        Assert.Contains("Usage: janus [OPTION]...", _stdout.ToString());
        Assert.Empty(_stderr.ToString());

        Assert.Null(Start(out exitCode, "-h"));
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public void VersionPrintsAVersionAndExitsZero()
    {
        Assert.Null(Start(out int exitCode, "--version"));
        Assert.Equal(0, exitCode);
        Assert.Matches(@"^janus \d+\.\d+", _stdout.ToString());

        Assert.Null(Start(out exitCode, "-V"));
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public void UnknownOptionPrintsToStderrAndExitsNonZero()
    {
        Assert.Null(Start(out int exitCode, "--frobnicate"));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("unrecognized option '--frobnicate'", _stderr.ToString());
        Assert.Empty(_stdout.ToString());
    }

    [Fact]
    public void CommandLineWinsOverTheConfigFiles()
    {
        Write("janus.jcfg", "general: { debug_level = 2; server_name = \"FromFile\"; admin_secret = \"file\" }\nmedia: { rtp_port_range = \"1000-2000\" }");
        Write("janus.transport.http.jcfg", "general: { port = 1111 }");
        ServerOptions? o = Start(out int exitCode, "-F", _folder, "-d", "6", "--server-name=FromArgs", "-r", "3000-4000");
        Assert.NotNull(o);
        Assert.Equal(0, exitCode);
        Assert.Equal((6, "FromArgs"), (o!.DebugLevel, o.ServerName));
        Assert.Equal((3000, 4000), (o.Media.RtpPortMin, o.Media.RtpPortMax));
        Assert.Equal("file", o.AdminSecret);  // not on the command line: the file's value stays
        Assert.Equal(1111, o.Http.Port);
        Assert.Equal(_folder, o.ConfigsFolder);
        Assert.Equal(Path.Combine(_folder, "janus.jcfg"), o.ConfigFile);
    }

    [Fact]
    public void ConfigOptionPicksTheFileAndItsConfigsFolderFindsTheTransports()
    {
        string transports = Directory.CreateDirectory(Path.Combine(_folder, "t")).FullName;
        Write("custom.jcfg", $"general: {{ configs_folder = \"{transports}\"; session_timeout = 99 }}");
        File.WriteAllText(Path.Combine(transports, "janus.transport.websockets.jcfg"), "general: { ws_port = 2222 }");
        ServerOptions? o = Start(out _, "-C", Path.Combine(_folder, "custom.jcfg"));
        Assert.NotNull(o);
        Assert.Equal(99, o!.SessionTimeout);
        Assert.Equal(2222, o.WebSockets.Port);
        Assert.Equal(transports, o.ConfigsFolder);
    }

    [Fact]
    public void MissingExplicitConfigFileRefusesToStart()
    {
        Assert.Null(Start(out int exitCode, "-C", Path.Combine(_folder, "nope.jcfg")));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("nope.jcfg", _stderr.ToString());
    }

    [Fact]
    public void MissingDefaultConfigFileStartsWithDefaultsAndAWarning()
    {
        ServerOptions? o = Start(out int exitCode, "-F", _folder);
        Assert.NotNull(o);
        Assert.Equal(0, exitCode);
        Assert.Single(o!.Warnings);
        Assert.Equal(8088, o.Http.Port);
    }

    [Theory]
    [InlineData("janus.jcfg")]
    [InlineData("janus.transport.http.jcfg")]
    [InlineData("janus.transport.websockets.jcfg")]
    public void SyntaxErrorRefusesToStartAndNamesFileLineColumn(string file)
    {
        Write("janus.jcfg", "general: { debug_level = 4 }");
        Write(file, "general: {\n  port = = 1\n}\n");
        Assert.Null(Start(out int exitCode, "-F", _folder));
        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{Path.Combine(_folder, file)}:2:10:", _stderr.ToString());
    }

    [Fact]
    public void UnsupportedSettingsWarnButStart()
    {
        Write("janus.jcfg", "general: { event_loops = 8 }\nnat: { turn_server = \"turn.example.org\" }");
        ServerOptions? o = Start(out int exitCode, "-F", _folder);
        Assert.NotNull(o);
        Assert.Equal(0, exitCode);
        Assert.Equal(2, o!.Warnings.Count);
    }

    [Fact]
    public void BundledConfFolderLoadsWithoutWarnings()
    {
        string conf = FindBundledConf();
        ServerOptions? o = Start(out int exitCode, "-F", conf);
        Assert.True(o is not null, _stderr.ToString());
        Assert.Equal(0, exitCode);
        Assert.Empty(o!.Warnings);

        // What ./start.sh promises: HTTP API :8088/janus, WebSocket :8188, Admin :7088/admin, demos on 127.0.0.1:8080.
        Assert.Equal((true, 8088, "/janus"), (o.Http.Enabled, o.Http.Port, o.Http.BasePath));
        Assert.Equal((true, 8188), (o.WebSockets.Enabled, o.WebSockets.Port));
        Assert.Equal((true, 7088, "/admin"), (o.Http.AdminEnabled, o.Http.AdminPort, o.Http.AdminBasePath));
        Assert.Equal("janusoverlord", o.AdminSecret);
        // The Admin API, with Janus's sample secret, on this machine only, and for no web page.
        Assert.Equal("127.0.0.1", o.Http.AdminIp);
        Assert.Empty(o.Http.AdminAllowOrigins);
        Assert.Equal((false, "127.0.0.1"), (o.WebSockets.AdminEnabled, o.WebSockets.AdminIp));
        Assert.DoesNotContain(Janus.Host.Admin.AdminExposure.Check(o), w => !w.Contains("127.0.0.1", StringComparison.Ordinal));
        Assert.Equal((true, "127.0.0.1", 8080), (o.Demos.Enabled, o.Demos.Ip, o.Demos.Port));
        // A newcomer running ./start.sh gets timestamped log lines (Janus's own default, without the file, is off).
        Assert.True(o.DebugTimestamps);
        // Janus's shipped protected folders; recordings go to /tmp in the EchoTest scripts, which stays open.
        Assert.Contains("/usr", o.ProtectedFolderList);
        Assert.Contains("/opt/janus/sbin", o.ProtectedFolderList);
        Assert.DoesNotContain(o.ProtectedFolderList, f => "/tmp/x".StartsWith(f, StringComparison.Ordinal));
        Assert.Null(o.RecordingsTempExtension);
        // Recordings only in /tmp, where the bundled plugins, the demo page and the interop tests write them.
        Assert.Equal("/tmp", o.RecordingsFolder);

        var echotest = PluginConfigLoader.Load(conf, "janus.plugin.echotest");
        Assert.NotNull(echotest);
    }

    private static string FindBundledConf()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "conf", "janus.jcfg");
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Janus.sln")))
            {
                return Path.Combine(dir.FullName, "conf");
            }
        }

        throw new InvalidOperationException("conf/ not found above " + AppContext.BaseDirectory);
    }
}
