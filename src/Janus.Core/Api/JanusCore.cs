using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Janus.Core.Configuration;
using Janus.Core.Logging;
using Janus.Core.Media;
using Janus.Core.Plugins;

namespace Janus.Core.Api;

/// <summary>
/// The transport-independent heart of the server (Janus's janus.c), one partial file per concern: this file builds it
/// and holds its settings; <c>JanusCore.Requests.cs</c> is the Janus API dispatcher; <c>JanusCore.Sessions.cs</c>
/// the session and handle registry; <c>JanusCore.Gateway.cs</c> with <see cref="CoreGateway"/> the plugin callbacks;
/// <c>JanusCore.Info.cs</c> the <c>info</c> reply. The Admin API is in the host (<c>Janus.Host/Admin</c>).
/// Transports hand it parsed requests and deliver what it returns; every member is safe to call from any thread.
/// There is no global lock on the request path: sessions live in a concurrent map, and each session locks only its
/// own handle table.
/// </summary>
public sealed partial class JanusCore : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, JanusSession> _sessions = new();
    private readonly List<TransportDescriptor> _transports = new();
    private readonly PluginCatalog _plugins;
    private ITimer? _watchdog;
    private int _sessionCount;
    private int _handleCount;
    private volatile bool _acceptNewSessions;
    private volatile int _sessionTimeout;

    /// <param name="options">The server options; the core reads secrets, timeouts and the configuration folder from them.</param>
    /// <param name="media">The WebRTC media core, or null to run without one (JSEP and trickle are then refused with 471).</param>
    /// <param name="pluginConfigLoader">
    /// Reads a plugin's <c>.jcfg</c> (given its path) into JSON, or null when there is none. Until the configuration
    /// parser is wired in, null: plugins then get no configuration.
    /// </param>
    /// <param name="time">The core's clock (session activity, timeouts, the watchdog); the system's when null.</param>
    public JanusCore(ServerOptions options, IMediaEngine? media = null, Func<string, JsonObject?>? pluginConfigLoader = null, TimeProvider? time = null)
    {
        Options = options;
        Time = time ?? TimeProvider.System;
        Media = media;
        Auth = new TokenAuthenticator(options.TokenAuth, options.TokenAuthSecret);
        _acceptNewSessions = options.AcceptNewSessions;
        _sessionTimeout = Math.Max(0, options.SessionTimeout);
        _gateway = new CoreGateway(this);
        _mediaEvents = new CoreMediaEvents(this);
        _plugins = new PluginCatalog(this, options.ConfigsFolder, pluginConfigLoader);
    }

    public ServerOptions Options { get; }

    /// <summary>The core's one clock: tests drive it instead of sleeping.</summary>
    public TimeProvider Time { get; }

    public IMediaEngine? Media { get; }

    public TokenAuthenticator Auth { get; }

    public IPluginCatalog Plugins => _plugins;

    /// <summary>What plugins call on the server.</summary>
    public IPluginGateway Gateway => _gateway;

    /// <summary>What the media core reports to the server.</summary>
    public IMediaEvents MediaEvents => _mediaEvents;

    /// <summary>
    /// The plugin loader that answers <c>list_plugins</c> and <c>reload_plugins</c> and tells <c>info</c> which
    /// file a plugin came from; null when plugins are not loaded from files (both requests are then refused).
    /// </summary>
    public IPluginAdministration? PluginAdministration { get; set; }

    /// <summary>The live sessions, by id (for the Admin API in the host).</summary>
    internal ConcurrentDictionary<long, JanusSession> Sessions => _sessions;

    internal PluginCatalog Catalog => _plugins;

    /// <summary>The registered transports; lock the list while reading it.</summary>
    internal List<TransportDescriptor> Transports => _transports;

    public int SessionCount => Volatile.Read(ref _sessionCount);

    public int HandleCount => Volatile.Read(ref _handleCount);

    public bool AcceptNewSessions
    {
        get => _acceptNewSessions;
        set => _acceptNewSessions = value;
    }

    /// <summary>Global session timeout in seconds (0: sessions never time out).</summary>
    public int SessionTimeout
    {
        get => _sessionTimeout;
        set => _sessionTimeout = Math.Max(0, value);
    }

    /// <summary>How often idle sessions are looked for (Janus: every 2 s). Shorter in tests.</summary>
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(2);

    private readonly CoreGateway _gateway;
    private readonly CoreMediaEvents _mediaEvents;

    /// <summary>Lists a transport in <c>info</c> and makes it answer <c>query_transport</c>.</summary>
    public void RegisterTransport(TransportDescriptor transport)
    {
        lock (_transports)
        {
            _transports.RemoveAll(t => t.Package == transport.Package);
            _transports.Add(transport);
        }
    }

    /// <summary>Starts the session watchdog.</summary>
    public void Start()
    {
        _watchdog ??= Time.CreateTimer(_ => CheckSessions(), null, WatchdogInterval, WatchdogInterval);
    }

    /// <summary>The check Janus makes on requests that bypass the core (HTTP long polls): a valid API secret or token, when either is required.</summary>
    public bool IsAuthorized(string? apiSecret, string? token)
    {
        bool secretNeeded = Options.ApiSecret is not null;
        if (!secretNeeded && !Auth.IsEnabled)
        {
            return true;
        }
        bool tokenOk = Auth.IsEnabled && Auth.CheckToken(token);
        return IsApiSecret(apiSecret) || tokenOk;
    }

    /// <summary>
    /// The long-poll check on <paramref name="sessionId"/>: <see cref="IsAuthorized(string?, string?)"/>, and, when
    /// sessions are bound to tokens, the token that created the session (or the API secret). A session that does not
    /// exist is left to the caller's own answer.
    /// </summary>
    public bool IsAuthorized(string? apiSecret, string? token, long sessionId)
        => IsAuthorized(apiSecret, token)
            && (!_sessions.TryGetValue(sessionId, out JanusSession? session) || MayUse(session, apiSecret, token));

    /// <summary>
    /// Whether a session answers only the token that created it: token auth is on and <c>session_token_binding</c> was
    /// not turned off. Beyond Janus, where any valid token may use or claim any session.
    /// </summary>
    public bool BindsSessionsToTokens => Auth.IsEnabled && Options.SessionTokenBinding;

    /// <summary>
    /// Whether a request already authorized may act on <paramref name="session"/>. The API secret is the operator's
    /// server-wide credential (given to its own backend), so it passes everywhere; a token passes only on the session it
    /// created. A session the API secret created (<see cref="JanusSession.OwnerToken"/> null) answers the secret only.
    /// </summary>
    private bool MayUse(JanusSession session, string? apiSecret, string? token)
    {
        if (!BindsSessionsToTokens || IsApiSecret(apiSecret))
        {
            return true;
        }
        return session.OwnerToken is not null && token is not null && SecretEquals(token, session.OwnerToken);
    }

    private bool IsApiSecret(string? apiSecret)
        => Options.ApiSecret is not null && apiSecret is not null && SecretEquals(apiSecret, Options.ApiSecret);

    internal static bool SecretEquals(string given, string expected)
        => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(expected));

    /// <summary>Stops the watchdog, destroys every session, then every plugin.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_watchdog is not null)
        {
            await _watchdog.DisposeAsync().ConfigureAwait(false);
            _watchdog = null;
        }
        foreach (JanusSession session in _sessions.Values)
        {
            await DestroySessionAsync(session, notifySource: true).ConfigureAwait(false);
        }
        await _plugins.DestroyAllAsync().ConfigureAwait(false);
    }
}
