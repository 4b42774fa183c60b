namespace Janus.Core.Configuration;

/// <summary>
/// Everything the server runs with, merged from <c>janus.jcfg</c>, the transport files and the command line
/// (the command line wins, as in Janus). Defaults are Janus's.
/// </summary>
public sealed class ServerOptions
{
    // general (janus.jcfg "general", command line)
    public string ConfigsFolder { get; set; } = "./conf";
    public string PluginsFolder { get; set; } = "./plugins";
    public string? ConfigFile { get; set; }
    public string ServerName { get; set; } = "MyJanusInstance";
    public int SessionTimeout { get; set; } = 60;
    public int ReclaimSessionTimeout { get; set; }
    public int CandidatesTimeout { get; set; } = 45;
    public int DebugLevel { get; set; } = 4;
    public bool DebugTimestamps { get; set; }
    public bool DisableColors { get; set; }
    public string? LogFile { get; set; }
    public bool DisableStdout { get; set; }
    public string? PidFile { get; set; }
    public string? ApiSecret { get; set; }
    public string? AdminSecret { get; set; } = "janusoverlord";
    public bool TokenAuth { get; set; }
    public string? TokenAuthSecret { get; set; }
    /// <summary>
    /// janus.jcfg general.session_token_binding (beyond Janus): with token auth on, a session answers only requests that
    /// carry the token that created it (or the API secret), so one valid token cannot use or claim another's session.
    /// No effect without token auth; false gives Janus's behaviour.
    /// </summary>
    public bool SessionTokenBinding { get; set; } = true;
    public bool EventHandlers { get; set; }
    public bool AcceptNewSessions { get; set; } = true;
    public string? OpaqueIdInEventHandlers { get; set; }
    public bool HideDependencies { get; set; }
    public bool ProtectedFolders { get; set; } = true;
    /// <summary>janus.jcfg general.protected_folders: folders plugins must not write recordings into.</summary>
    public List<string> ProtectedFolderList { get; } = new();
    /// <summary>janus.jcfg general.recordings_tmp_ext: recordings are written as NAME.mjr.EXT and renamed when closed (null: NAME.mjr).</summary>
    public string? RecordingsTempExtension { get; set; }
    /// <summary>
    /// Ours, not Janus's: janus.jcfg general.recordings_folder, the only folder recordings may be written in (relative
    /// recording paths are taken from it). Null, the default, keeps Janus's behaviour: anywhere not protected.
    /// </summary>
    public string? RecordingsFolder { get; set; }
    /// <summary>janus.jcfg general.opaqueid_in_api: show the handle's opaque_id in Janus API events too.</summary>
    public bool OpaqueIdInApi { get; set; }
    /// <summary>-b/--daemon, general.daemonize (not yet in effect).</summary>
    public bool Daemonize { get; set; }
    /// <summary>--log-stdout: keep logging to stdout even when daemonized.</summary>
    public bool LogStdout { get; set; }
    /// <summary>-H/--cwd-path: working directory for the daemon (default "/").</summary>
    public string WorkingDirectory { get; set; } = "/";
    /// <summary>-M/--debug-locks, general.debug_locks (not yet in effect).</summary>
    public bool DebugLocks { get; set; }
    /// <summary>janus.jcfg plugins.disable, as written (Janus lists library names such as libjanus_echotest.so).</summary>
    public List<string> DisabledPlugins { get; } = new();
    /// <summary>janus.jcfg transports.disable, as written; libjanus_http.so and libjanus_websockets.so turn ours off.</summary>
    public List<string> DisabledTransports { get; } = new();

    // media core (janus.jcfg "media", "nat", "certificates"; command line)
    public MediaOptions Media { get; } = new();

    // transports (janus.transport.http.jcfg, janus.transport.websockets.jcfg)
    public HttpTransportOptions Http { get; } = new();
    public WebSocketTransportOptions WebSockets { get; } = new();

    /// <summary>Demo pages served by the host (not a Janus option: Janus leaves this to a web server).</summary>
    public DemoOptions Demos { get; } = new();

    /// <summary>Warnings collected while reading configuration (unsupported settings); logged at start.</summary>
    public List<string> Warnings { get; } = new();
}

public sealed class MediaOptions
{
    public string? Interface { get; set; }
    public List<string> IceEnforceList { get; } = new();
    public List<string> IceIgnoreList { get; } = new() { "vmnet" };
    public bool Ipv6 { get; set; }
    public bool IceLite { get; set; }
    public bool IceTcp { get; set; }
    /// <summary>-l/--libnice-debug: Janus's libnice debugging switch; here it asks the ICE agent for debug logs (not yet in effect).</summary>
    public bool LibniceDebug { get; set; }
    public bool FullTrickle { get; set; }
    public int RtpPortMin { get; set; }
    public int RtpPortMax { get; set; }
    public string? StunServer { get; set; }
    public int StunPort { get; set; } = 3478;
    public List<string> Nat11 { get; } = new();
    public bool KeepPrivateHost { get; set; }
    public string? CertPem { get; set; }
    public string? CertKey { get; set; }
    public string? CertPwd { get; set; }
    public bool NoWebRtcEncryption { get; set; }
    public int MinNackQueue { get; set; } = 200;
    public bool NackOptimizations { get; set; }
    public int NoMediaTimer { get; set; } = 1;
    public int SlowlinkThreshold { get; set; }
    public int TwccPeriod { get; set; } = 200;
    public int DtlsMtu { get; set; } = 1200;
    public bool AllowLoopback { get; set; } = true;
    /// <summary>Beyond Janus: serve every PeerConnection on this one UDP port (0 = one port per PeerConnection).</summary>
    public int SinglePort { get; set; }
}

public sealed class HttpTransportOptions
{
    public bool Enabled { get; set; } = true;
    public string BasePath { get; set; } = "/janus";
    public int Port { get; set; } = 8088;
    public string? Interface { get; set; }
    public string? Ip { get; set; }
    public bool Https { get; set; }
    public int SecurePort { get; set; } = 8089;
    /// <summary>admin_http: off unless the file turns it on, as in Janus (janus_http.c disables it when unset).</summary>
    public bool AdminEnabled { get; set; }
    public string AdminBasePath { get; set; } = "/admin";
    public int AdminPort { get; set; } = 7088;
    public string? AdminIp { get; set; }
    public bool AdminHttps { get; set; }
    public string? AllowOrigin { get; set; }
    public bool EnforceCors { get; set; }
    /// <summary>
    /// Ours, not Janus's: cors.admin_allow_origin, the only origins a browser page may call the Admin API from
    /// (exact match). Empty, the default: none; Admin API replies carry no CORS headers, and a request that names
    /// an origin is refused, so a web page the operator opens cannot drive the Admin API. Tools send no Origin.
    /// </summary>
    public List<string> AdminAllowOrigins { get; } = new();
    /// <summary>janus.transport.http.jcfg certificates.cert_pem / cert_key / cert_pwd (for https and admin_https).</summary>
    public string? CertPem { get; set; }
    public string? CertKey { get; set; }
    public string? CertPwd { get; set; }
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Most events one session keeps for its next long poll. Past it the oldest is dropped (and counted, with a
    /// warning once per overflow): a session whose client stopped polling lives until its session timeout, and must
    /// not hold every event of that time; a client that polls again gets the most recent ones.
    /// </summary>
    public int MaxQueuedEventsPerSession { get; set; } = DefaultMaxQueuedEventsPerSession;

    public const int DefaultMaxQueuedEventsPerSession = 512;
}

public sealed class WebSocketTransportOptions
{
    public bool Enabled { get; set; } = true;
    public int Port { get; set; } = 8188;
    public string? Ip { get; set; }
    public bool Secure { get; set; }
    public int SecurePort { get; set; } = 8989;
    /// <summary>admin_ws: off unless the file turns it on, as in Janus.</summary>
    public bool AdminEnabled { get; set; }
    public int AdminPort { get; set; } = 7188;
    public string? AdminIp { get; set; }
    /// <summary>janus.transport.websockets.jcfg cors.allow_origin / enforce_cors (checked against the Origin header).</summary>
    public string? AllowOrigin { get; set; }
    public bool EnforceCors { get; set; }
    /// <summary>cors.admin_allow_origin: as <see cref="HttpTransportOptions.AdminAllowOrigins"/>, for the admin WebSocket handshake.</summary>
    public List<string> AdminAllowOrigins { get; } = new();
    /// <summary>janus.transport.websockets.jcfg certificates.cert_pem / cert_key / cert_pwd (for wss).</summary>
    public string? CertPem { get; set; }
    public string? CertKey { get; set; }
    public string? CertPwd { get; set; }
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Most JSON requests one WebSocket message may carry back to back. More and none of them is handled (one 454 is
    /// answered): a 1 MB frame packed with 30 000 <c>info</c> requests is one client asking for 70 MB of replies.
    /// </summary>
    public int MaxRequestsPerMessage { get; set; } = DefaultMaxRequestsPerMessage;

    /// <summary>
    /// Most messages (replies and events) one connection may have waiting to be sent. A client that lets its backlog
    /// go past this or <see cref="MaxSendBacklogBytes"/> is not reading: it is closed with a warning, not buffered without end.
    /// </summary>
    public int MaxSendBacklogMessages { get; set; } = DefaultMaxSendBacklogMessages;

    /// <summary>Most bytes one connection may have waiting to be sent (see <see cref="MaxSendBacklogMessages"/>).</summary>
    public long MaxSendBacklogBytes { get; set; } = DefaultMaxSendBacklogBytes;

    /// <summary>
    /// While a connection's backlog is at half of a limit or more, its requests are not read (its own TCP window then
    /// slows the client down). If the backlog does not drain below that within this time, the connection is closed.
    /// </summary>
    public TimeSpan SendBacklogStallTimeout { get; set; } = DefaultSendBacklogStallTimeout;

    /// <summary>
    /// From TCP accept to a completed WebSocket upgrade (TLS included for wss): a connection still shaking hands after
    /// this is dropped. Browsers and janode take milliseconds; a client trickling its request headers holds a socket.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; set; } = DefaultHandshakeTimeout;

    /// <summary>
    /// Most time one WebSocket may go without a complete message (a frame that announces a huge length and then stalls
    /// counts as silence). janus.js and janode send a keepalive every 25-30 s because sessions expire after 60 s, so
    /// they never get near it. Zero or negative: no limit.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = DefaultIdleTimeout;

    /// <summary>
    /// Most connections (API and admin, upgraded or still shaking hands) one remote address may hold at once; more are
    /// closed on accept. Loopback counts too. Zero or negative: no limit.
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = DefaultMaxConnectionsPerAddress;

    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(60);
    public const int DefaultMaxConnectionsPerAddress = 256;
    public const int DefaultMaxRequestsPerMessage = 16;
    public const int DefaultMaxSendBacklogMessages = 1024;
    public const long DefaultMaxSendBacklogBytes = 4L * 1024 * 1024;
    public static readonly TimeSpan DefaultSendBacklogStallTimeout = TimeSpan.FromSeconds(30);
}

public sealed class DemoOptions
{
    public bool Enabled { get; set; } = true;
    public int Port { get; set; } = 8080;
    public string Ip { get; set; } = "127.0.0.1";
    public string? Folder { get; set; }
}
