using Janus.Core.Configuration.Jcfg;

namespace Janus.Core.Configuration.Binding;

/// <summary>janus.jcfg: general, certificates, media, nat, plugins, transports, loggers, events (Janus's groups), and demos (ours).</summary>
internal static class JanusConfigBinding
{
    private const string NotInEffect = "not yet in effect";

    internal static readonly FileBinding File = new FileBinding()
        .Group(General())
        .Group(Certificates())
        .Group(Media())
        .Group(Nat())
        .Group(new GroupBinding("plugins").On("disable", (c, w, v) => c.List(w, v, c.Options.DisabledPlugins)))
        .Group(new GroupBinding("transports").On("disable", DisableTransports))
        .Group(new GroupBinding("loggers").Accepted("disable"))
        .Group(Events())
        .Group(Demos());

    private static GroupBinding General() => new GroupBinding("general")
        .On("configs_folder", (c, w, v) => c.Folder(w, v, x => c.Options.ConfigsFolder = x))
        .On("plugins_folder", (c, w, v) => c.Folder(w, v, x => c.Options.PluginsFolder = x))
        .Unsupported("transports are built into this server", "transports_folder")
        .Unsupported("event handlers are built into this server", "events_folder")
        .Unsupported("external loggers are not loaded", "loggers_folder", "log_prefix", "log_rotate_sig")
        .On("log_to_stdout", (c, w, v) => c.Bool(w, v, x => c.Options.DisableStdout = !x))
        .On("log_to_file", (c, w, v) => c.Text(w, v, x => c.Options.LogFile = x))
        .On("debug_level", (c, w, v) => c.Int(w, v, 0, 7, x => c.Options.DebugLevel = x))
        .On("debug_timestamps", (c, w, v) => c.Bool(w, v, x => c.Options.DebugTimestamps = x))
        .On("debug_colors", (c, w, v) => c.Bool(w, v, x => c.Options.DisableColors = !x))
        .On("debug_locks", (c, w, v) => c.Bool(w, v, x => c.Options.DebugLocks = x))
        .On("daemonize", (c, w, v) => c.Bool(w, v, x => c.Options.Daemonize = x))
        .On("pid_file", (c, w, v) => c.Text(w, v, x => c.Options.PidFile = x))
        .On("api_secret", (c, w, v) => c.Text(w, v, x => c.Options.ApiSecret = x))
        .On("token_auth", (c, w, v) => c.Bool(w, v, x => c.Options.TokenAuth = x))
        .On("token_auth_secret", (c, w, v) => c.Text(w, v, x => c.Options.TokenAuthSecret = x))
        .On("session_token_binding", (c, w, v) => c.Bool(w, v, x => c.Options.SessionTokenBinding = x))
        .On("admin_secret", (c, w, v) => c.Text(w, v, x => c.Options.AdminSecret = x))
        .On("interface", (c, w, v) => c.Text(w, v, x => c.Options.Media.Interface = x))
        .On("server_name", (c, w, v) => c.Text(w, v, x => c.Options.ServerName = x))
        .On("session_timeout", (c, w, v) => c.Int(w, v, 0, int.MaxValue, x => c.Options.SessionTimeout = x))
        .On("candidates_timeout", (c, w, v) => c.Int(w, v, 1, int.MaxValue, x => c.Options.CandidatesTimeout = x))
        .On("reclaim_session_timeout", (c, w, v) => c.Int(w, v, 0, int.MaxValue, x => c.Options.ReclaimSessionTimeout = x))
        .On("opaqueid_in_api", (c, w, v) => c.Bool(w, v, x => c.Options.OpaqueIdInApi = x))
        .On("hide_dependencies", (c, w, v) => c.Bool(w, v, x => c.Options.HideDependencies = x))
        .On("no_webrtc_encryption", (c, w, v) => c.Bool(w, v, x => c.Options.Media.NoWebRtcEncryption = x))
        .On("protected_folders", (c, w, v) => c.List(w, v, c.Options.ProtectedFolderList))
        .On("recordings_tmp_ext", (c, w, v) => c.Text(w, v, x => c.Options.RecordingsTempExtension = x))
        .On("recordings_folder", (c, w, v) => c.Folder(w, v, x => c.Options.RecordingsFolder = x.Length == 0 ? null : x))
        .Unsupported("the .NET thread pool schedules the work", "event_loops", "allow_loop_indication", "task_pool_size")
        .Unsupported("plugins are not shared libraries here", "exit_on_dl_error")
        .Unsupported("not applicable", "check_openfiles_limit");

    private static GroupBinding Certificates() => new GroupBinding("certificates")
        .On("cert_pem", (c, w, v) => c.Text(w, v, x => c.Options.Media.CertPem = x))
        .On("cert_key", (c, w, v) => c.Text(w, v, x => c.Options.Media.CertKey = x))
        .On("cert_pwd", (c, w, v) => c.Text(w, v, x => c.Options.Media.CertPwd = x))
        // Janus accepts self-signed client certificates by default, as this server always does.
        .On("dtls_accept_selfsigned", (c, w, v) => c.Bool(w, v, x =>
        {
            if (!x)
            {
                c.Warn(v.Position, w, "= false is not supported (self-signed peer certificates are always accepted); ignored");
            }
        }))
        .Unsupported("the DTLS stack chooses its cipher suites and key type", "dtls_ciphers", "rsa_private_key");

    private static GroupBinding Media() => new GroupBinding("media")
        .On("ipv6", (c, w, v) => c.Bool(w, v, x => c.Options.Media.Ipv6 = x))
        .On("min_nack_queue", (c, w, v) => c.Int(w, v, 0, int.MaxValue, x => c.Options.Media.MinNackQueue = x))
        .On("rtp_port_range", RtpPortRange)
        .On("dtls_mtu", (c, w, v) => c.Int(w, v, 100, 65535, x => c.Options.Media.DtlsMtu = x))
        .On("no_media_timer", (c, w, v) => c.Int(w, v, 0, int.MaxValue, x => c.Options.Media.NoMediaTimer = x))
        .On("slowlink_threshold", (c, w, v) => c.Int(w, v, 0, int.MaxValue, x => c.Options.Media.SlowlinkThreshold = x))
        .On("twcc_period", (c, w, v) => c.Int(w, v, 1, int.MaxValue, x => c.Options.Media.TwccPeriod = x))
        .On("nack_optimizations", (c, w, v) => c.Bool(w, v, x => c.Options.Media.NackOptimizations = x))
        .On("single_port", (c, w, v) => c.Int(w, v, 0, 65535, x => c.Options.Media.SinglePort = x))
        .Unsupported(NotInEffect, "ipv6_linklocal", "dtls_timeout", "dscp");

    private static GroupBinding Nat() => new GroupBinding("nat")
        .On("stun_server", (c, w, v) => c.Text(w, v, x => c.Options.Media.StunServer = x))
        .On("stun_port", (c, w, v) => c.Int(w, v, 1, 65535, x => c.Options.Media.StunPort = x))
        .On("full_trickle", (c, w, v) => c.Bool(w, v, x => c.Options.Media.FullTrickle = x))
        .On("ice_lite", (c, w, v) => c.Bool(w, v, x => c.Options.Media.IceLite = x))
        .On("ice_tcp", (c, w, v) => c.Bool(w, v, x =>
        {
            c.Options.Media.IceTcp = x;
            if (x)
            {
                c.Warn(v.Position, w, $"is {NotInEffect} (ICE runs over UDP only)");
            }
        }))
        .On("nat_1_1_mapping", (c, w, v) => c.List(w, v, c.Options.Media.Nat11))
        .On("keep_private_host", (c, w, v) => c.Bool(w, v, x => c.Options.Media.KeepPrivateHost = x))
        .On("ice_enforce_list", (c, w, v) => c.List(w, v, c.Options.Media.IceEnforceList))
        .On("ice_ignore_list", (c, w, v) => c.List(w, v, c.Options.Media.IceIgnoreList))
        .On("allow_loopback", (c, w, v) => c.Bool(w, v, x => c.Options.Media.AllowLoopback = x))
        .Unsupported("libnice is not used", "nice_debug")
        .Unsupported(NotInEffect, "ice_nomination", "ice_consent_freshness", "ice_keepalive_conncheck", "hangup_on_failed",
            "ignore_mdns", "allow_force_relay", "ignore_unreachable_ice_server")
        .Unsupported("TURN is not yet in effect", "turn_server", "turn_port", "turn_type", "turn_user", "turn_pwd",
            "turn_rest_api", "turn_rest_api_key", "turn_rest_api_method", "turn_rest_api_timeout");

    private static GroupBinding Events() => new GroupBinding("events")
        .On("broadcast", (c, w, v) => c.Bool(w, v, x =>
        {
            c.Options.EventHandlers = x;
            if (x)
            {
                c.Warn(v.Position, w, "asks for event handlers, which are not yet in effect");
            }
        }))
        // These only tune event handlers; with none running there is nothing to tune.
        .Accepted("combine_media_stats", "disable", "stats_period");

    private static GroupBinding Demos() => new GroupBinding("demos")
        .On("enabled", (c, w, v) => c.Bool(w, v, x => c.Options.Demos.Enabled = x))
        .On("port", (c, w, v) => c.Int(w, v, 1, 65535, x => c.Options.Demos.Port = x))
        .On("ip", (c, w, v) => c.Text(w, v, x => c.Options.Demos.Ip = x))
        .On("folder", (c, w, v) => c.Text(w, v, x => c.Options.Demos.Folder = x));

    private static void RtpPortRange(BindContext context, string what, JcfgValue value) => context.Text(what, value, text =>
    {
        if (PortRange.TryParse(text, out int min, out int max))
        {
            context.Options.Media.RtpPortMin = min;
            context.Options.Media.RtpPortMax = max;
        }
        else
        {
            context.Warn(value.Position, what, "must be \"min-max\" with ports from 0 to 65535; ignored");
        }
    });

    private static void DisableTransports(BindContext context, string what, JcfgValue value)
    {
        context.List(what, value, context.Options.DisabledTransports);
        foreach (string library in context.Options.DisabledTransports)
        {
            if (library.StartsWith("libjanus_http.", StringComparison.Ordinal))
            {
                context.Options.Http.Enabled = false;
                context.Options.Http.AdminEnabled = false;
            }
            else if (library.StartsWith("libjanus_websockets.", StringComparison.Ordinal))
            {
                context.Options.WebSockets.Enabled = false;
                context.Options.WebSockets.AdminEnabled = false;
            }
        }
    }
}
