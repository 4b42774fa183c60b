using Janus.Core.Configuration;
using Janus.Core.Configuration.Jcfg;

namespace Janus.Core.Tests.Configuration.Binding;

public sealed class JanusConfigBindingTests
{
    private static ServerOptions Bind(string text)
    {
        var options = new ServerOptions();
        ServerConfigFiles.ApplyJanus(JcfgDocument.Parse(text, "janus.jcfg"), options);
        return options;
    }

    [Fact]
    public void GeneralSettingsLandInServerOptions()
    {
        ServerOptions o = Bind("""
            general: {
                configs_folder = "/etc/j"
                plugins_folder = "/usr/lib/j"
                log_to_stdout = false
                log_to_file = "/tmp/j.log"
                debug_level = 6
                debug_timestamps = true
                debug_colors = false
                debug_locks = true
                daemonize = "yes"
                pid_file = "/run/j.pid"
                api_secret = "s1"
                token_auth = true
                token_auth_secret = "s2"
                session_token_binding = false
                admin_secret = "s3"
                interface = "192.0.2.1"
                server_name = "Mine"
                session_timeout = 120
                candidates_timeout = 30
                reclaim_session_timeout = 15
                opaqueid_in_api = true
                hide_dependencies = true
                no_webrtc_encryption = true
                protected_folders = [ "/bin", "/usr" ]
                recordings_tmp_ext = "part"
                recordings_folder = "/srv/recordings"
            }
            """);
        Assert.Empty(o.Warnings);
        Assert.Equal(("/etc/j", "/usr/lib/j"), (o.ConfigsFolder, o.PluginsFolder));
        Assert.Equal("/srv/recordings", o.RecordingsFolder);
        Assert.True(o.DisableStdout);
        Assert.Equal("/tmp/j.log", o.LogFile);
        Assert.Equal(6, o.DebugLevel);
        Assert.True(o.DebugTimestamps);
        Assert.True(o.DisableColors);
        Assert.True(o.DebugLocks);
        Assert.True(o.Daemonize);
        Assert.Equal("/run/j.pid", o.PidFile);
        Assert.Equal(("s1", "s2", "s3"), (o.ApiSecret, o.TokenAuthSecret, o.AdminSecret));
        Assert.True(o.TokenAuth);
        Assert.False(o.SessionTokenBinding);
        Assert.Equal("192.0.2.1", o.Media.Interface);
        Assert.Equal("Mine", o.ServerName);
        Assert.Equal((120, 30, 15), (o.SessionTimeout, o.CandidatesTimeout, o.ReclaimSessionTimeout));
        Assert.True(o.OpaqueIdInApi);
        Assert.True(o.HideDependencies);
        Assert.True(o.Media.NoWebRtcEncryption);
        Assert.Equal(new[] { "/bin", "/usr" }, o.ProtectedFolderList);
        Assert.Equal("part", o.RecordingsTempExtension);
    }

    [Fact]
    public void MediaNatAndCertificateSettingsLandInMediaOptions()
    {
        ServerOptions o = Bind("""
            certificates: { cert_pem = "/c.pem"; cert_key = "/c.key"; cert_pwd = "pw"; dtls_accept_selfsigned = true; }
            media: {
                ipv6 = true; min_nack_queue = 500; rtp_port_range = "20000-40000"; dtls_mtu = 1400
                no_media_timer = 3; slowlink_threshold = 4; twcc_period = 100; nack_optimizations = true; single_port = 10000
            }
            nat: {
                stun_server = "stun.example.org"; stun_port = 19302; full_trickle = true; ice_lite = true
                nat_1_1_mapping = "203.0.113.1, 203.0.113.2"; keep_private_host = true
                ice_enforce_list = "eth0,192.168."; ice_ignore_list = [ "vmnet8", "docker" ]; allow_loopback = false
            }
            """);
        Assert.Empty(o.Warnings);
        MediaOptions m = o.Media;
        Assert.Equal(("/c.pem", "/c.key", "pw"), (m.CertPem, m.CertKey, m.CertPwd));
        Assert.True(m.Ipv6);
        Assert.Equal(500, m.MinNackQueue);
        Assert.Equal((20000, 40000), (m.RtpPortMin, m.RtpPortMax));
        Assert.Equal(1400, m.DtlsMtu);
        Assert.Equal((3, 4, 100), (m.NoMediaTimer, m.SlowlinkThreshold, m.TwccPeriod));
        Assert.True(m.NackOptimizations);
        Assert.Equal(10000, m.SinglePort);
        Assert.Equal(("stun.example.org", 19302), (m.StunServer, m.StunPort));
        Assert.True(m.FullTrickle && m.IceLite && m.KeepPrivateHost);
        Assert.Equal(new[] { "203.0.113.1", "203.0.113.2" }, m.Nat11);
        Assert.Equal(new[] { "eth0", "192.168." }, m.IceEnforceList);
        Assert.Equal(new[] { "vmnet8", "docker" }, m.IceIgnoreList);
        Assert.False(m.AllowLoopback);
    }

    [Theory]
    [InlineData("40000-20000", 20000, 40000)] // reversed: swapped, as Janus does
    [InlineData("1000-0", 0, 1000)]
    [InlineData("0-0", 0, 65535)]             // a max of 0 means 65535
    public void PortRangeFollowsJanus(string range, int min, int max)
    {
        ServerOptions o = Bind($"media: {{ rtp_port_range = \"{range}\" }}");
        Assert.Equal((min, max), (o.Media.RtpPortMin, o.Media.RtpPortMax));
    }

    [Fact]
    public void PluginsTransportsEventsAndDemos()
    {
        ServerOptions o = Bind("""
            plugins: { disable = "libjanus_videoroom.so,libjanus_sip.so" }
            transports: { disable = "libjanus_websockets.so" }
            loggers: { disable = "libjanus_jsonlog.so" }
            events: { broadcast = false; stats_period = 5 }
            demos: { enabled = false; port = 9090; ip = "0.0.0.0"; folder = "/srv/html" }
            """);
        Assert.Empty(o.Warnings);
        Assert.Equal(new[] { "libjanus_videoroom.so", "libjanus_sip.so" }, o.DisabledPlugins);
        Assert.Equal(new[] { "libjanus_websockets.so" }, o.DisabledTransports);
        Assert.False(o.WebSockets.Enabled);
        Assert.False(o.WebSockets.AdminEnabled);
        Assert.True(o.Http.Enabled);
        Assert.False(o.EventHandlers);
        Assert.False(o.Demos.Enabled);
        Assert.Equal((9090, "0.0.0.0", "/srv/html"), (o.Demos.Port, o.Demos.Ip, o.Demos.Folder));
    }

    [Fact]
    public void DisablingTheHttpTransportTurnsOffHttpAndItsAdmin()
    {
        ServerOptions o = Bind("transports: { disable = \"libjanus_http.so\" }");
        Assert.False(o.Http.Enabled);
        Assert.False(o.Http.AdminEnabled);
        Assert.True(o.WebSockets.Enabled);
    }

    [Fact]
    public void UnknownSettingsAndGroupsWarnWithFileAndLine()
    {
        ServerOptions o = Bind("general: {\n\tno_such_thing = 1\n}\nmystery: { a = 1 }\nloose = 2\nmedia = 5\n");
        Assert.Equal(4, o.Warnings.Count);
        Assert.StartsWith("janus.jcfg:2: general.no_such_thing ", o.Warnings[0]);
        Assert.StartsWith("janus.jcfg:4: mystery ", o.Warnings[1]);
        Assert.StartsWith("janus.jcfg:5: loose ", o.Warnings[2]);
        Assert.StartsWith("janus.jcfg:6: media must be a group", o.Warnings[3]);
    }

    [Fact]
    public void UnsupportedSettingsWarnOnlyWhenTheyAskForSomething()
    {
        ServerOptions off = Bind("nat: { ice_tcp = false; turn_server = \"\"; ignore_mdns = false }\nevents: { broadcast = false }\ngeneral: { exit_on_dl_error = 0 }");
        Assert.Empty(off.Warnings);

        ServerOptions on = Bind("nat: { ice_tcp = true; turn_server = \"turn.example.org\"; ignore_mdns = true }\nevents: { broadcast = true }");
        Assert.Equal(4, on.Warnings.Count);
        Assert.Contains(on.Warnings, w => w.Contains("nat.ice_tcp") && w.Contains("not yet in effect"));
        Assert.Contains(on.Warnings, w => w.Contains("nat.turn_server") && w.Contains("not supported"));
        Assert.True(on.Media.IceTcp);
        Assert.True(on.EventHandlers);
    }

    [Fact]
    public void SessionsAreBoundToTheirCreatorsTokenUnlessTurnedOff()
    {
        Assert.True(Bind("general: { token_auth = true }").SessionTokenBinding);
        Assert.False(Bind("general: { token_auth = true; session_token_binding = false }").SessionTokenBinding);
    }

    [Fact]
    public void BadValuesWarnAndKeepDefaults()
    {
        ServerOptions o = Bind("general: { debug_level = 9; session_timeout = \"soon\"; token_auth = \"maybe\"; admin_secret = [ \"a\" ]; }\nmedia: { rtp_port_range = \"x-y\" }");
        Assert.Equal(5, o.Warnings.Count);
        Assert.Equal(4, o.DebugLevel);
        Assert.Equal(60, o.SessionTimeout);
        Assert.False(o.TokenAuth);
        Assert.Equal("janusoverlord", o.AdminSecret);
        Assert.Equal(0, o.Media.RtpPortMax);
    }

    [Fact]
    public void TemplatePlaceholdersInFoldersKeepTheDefaults()
    {
        ServerOptions o = Bind("general: { configs_folder = \"@confdir@\"; plugins_folder = \"@plugindir@\" }");
        Assert.Equal(("./conf", "./plugins"), (o.ConfigsFolder, o.PluginsFolder));
        Assert.Equal(2, o.Warnings.Count);
        Assert.All(o.Warnings, w => Assert.Contains("placeholder", w));
    }

    [Fact]
    public void JanusStyleTextValuesAreAccepted()
    {
        ServerOptions o = Bind("general: { debug_level = \"5\"; debug_timestamps = \"yes\"; session_timeout = 30L }");
        Assert.Empty(o.Warnings);
        Assert.Equal(5, o.DebugLevel);
        Assert.True(o.DebugTimestamps);
        Assert.Equal(30, o.SessionTimeout);
    }
}
