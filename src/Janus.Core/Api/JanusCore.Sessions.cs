using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Janus.Core.Configuration;
using Janus.Core.Logging;
using Janus.Core.Media;
using Janus.Core.Plugins;

namespace Janus.Core.Api;

/// <summary>
/// The transport-independent heart of the server (Janus's janus.c): sessions and handles, the Janus API and
/// Admin API dispatchers, the plugin gateway and the media event sink. Transports hand it parsed requests and
/// deliver what it returns; every member is safe to call from any thread. There is no global lock on the request
/// path: sessions live in a concurrent map, and each session locks only its own handle table.
/// </summary>
public sealed partial class JanusCore : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, JanusSession> _sessions = new();
    private readonly List<TransportDescriptor> _transports = new();
    private readonly PluginCatalog _plugins;
    private Timer? _watchdog;
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
    public JanusCore(ServerOptions options, IMediaEngine? media = null, Func<string, JsonObject?>? pluginConfigLoader = null)
    {
        Options = options;
        Media = media;
        Auth = new TokenAuthenticator(options.TokenAuth, options.TokenAuthSecret);
        _acceptNewSessions = options.AcceptNewSessions;
        _sessionTimeout = Math.Max(0, options.SessionTimeout);
        _gateway = new CoreGateway(this);
        _mediaEvents = new CoreMediaEvents(this);
        _plugins = new PluginCatalog(this, options.ConfigsFolder, pluginConfigLoader);
    }

    public ServerOptions Options { get; }

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
        _watchdog ??= new Timer(_ => CheckSessions(), null, WatchdogInterval, WatchdogInterval);
    }

    /// <summary>
    /// A transport connection went away (Janus's transport_gone): its sessions are destroyed, or, when
    /// <c>reclaim_session_timeout</c> is set, kept that long for a <c>claim</c> from another connection.
    /// </summary>
    public void TransportGone(ITransportConnection connection)
    {
        foreach (JanusSession session in _sessions.Values)
        {
            if (session.IsDestroyed || !ReferenceEquals(session.Source, connection))
            {
                continue;
            }
            if (Options.ReclaimSessionTimeout < 1)
            {
                _ = DestroySessionAsync(session, notifySource: false);
            }
            else
            {
                session.MarkTransportGone();
            }
        }
    }

    /// <summary>Keeps a session alive, as a long poll does; false if there is no such session.</summary>
    public bool KeepAlive(long sessionId)
    {
        if (_sessions.TryGetValue(sessionId, out JanusSession? session))
        {
            session.Touch();
            return true;
        }
        return false;
    }

    /// <summary>The check Janus makes on requests that bypass the core (HTTP long polls): a valid API secret or token, when either is required.</summary>
    public bool IsAuthorized(string? apiSecret, string? token)
    {
        bool secretNeeded = Options.ApiSecret is not null;
        if (!secretNeeded && !Auth.IsEnabled)
        {
            return true;
        }
        bool secretOk = secretNeeded && apiSecret is not null && SecretEquals(apiSecret, Options.ApiSecret!);
        bool tokenOk = Auth.IsEnabled && Auth.CheckToken(token);
        return secretOk || tokenOk;
    }

    private void CheckSessions()
    {
        try
        {
            long now = Environment.TickCount64;
            int global = _sessionTimeout;
            int reclaim = Options.ReclaimSessionTimeout;
            foreach (JanusSession session in _sessions.Values)
            {
                if (session.IsDestroyed)
                {
                    continue;
                }
                long idleMs = now - session.LastActivityTicks;
                int timeout = session.Timeout == -1 ? global : session.Timeout;
                bool expired = timeout > 0 && idleMs >= timeout * 1000L;
                bool abandoned = session.IsTransportGone && idleMs >= reclaim * 1000L;
                if ((expired || abandoned) && session.MarkTimedOut())
                {
                    JanusLog.Info($"Timeout expired for session {session.Id}...");
                    _ = TimeOutSessionAsync(session);
                }
            }
        }
        catch (Exception ex)
        {
            JanusLog.Error($"Session watchdog: {ex}");
        }
    }

    private async Task TimeOutSessionAsync(JanusSession session)
    {
        ITransportConnection? source = session.Source;
        if (!_sessions.TryRemove(session.Id, out _) || !session.MarkDestroyed())
        {
            return;
        }
        Interlocked.Decrement(ref _sessionCount);
        if (source is not null && !session.IsTransportGone)
        {
            SafeSend(source, JanusJson.Message("timeout", session.Id, null));
            source.SessionOver(session.Id, timedOut: true, claimed: false);
        }
        await DetachAllAsync(session).ConfigureAwait(false);
    }

    /// <summary>Removes and destroys a session: its handles are detached silently (the client asked for it, or is gone).</summary>
    private async Task DestroySessionAsync(JanusSession session, bool notifySource)
    {
        if (!_sessions.TryRemove(session.Id, out _) || !session.MarkDestroyed())
        {
            return;
        }
        Interlocked.Decrement(ref _sessionCount);
        if (notifySource)
        {
            session.Source?.SessionOver(session.Id, timedOut: false, claimed: false);
        }
        await DetachAllAsync(session).ConfigureAwait(false);
    }

    private async Task DetachAllAsync(JanusSession session)
    {
        JanusHandle[] handles = session.TakeAllHandles();
        Interlocked.Add(ref _handleCount, -handles.Length);
        foreach (JanusHandle handle in handles)
        {
            await ReleaseHandleAsync(handle, sendDetached: false).ConfigureAwait(false);
        }
    }

    /// <summary>Takes a handle out of its session; the caller then runs <see cref="ReleaseHandleAsync"/>.</summary>
    private bool TryRemoveHandle(JanusHandle handle)
    {
        if (!handle.Session.RemoveHandle(handle.Id))
        {
            return false;
        }
        Interlocked.Decrement(ref _handleCount);
        return true;
    }

    /// <summary>
    /// Tears a removed handle down as Janus's janus_ice_handle_destroy does: the PeerConnection goes
    /// (reported as a <c>hangup</c> with reason "Detach"), the plugin forgets the handle, then <c>detached</c>.
    /// </summary>
    private async Task ReleaseHandleAsync(JanusHandle handle, bool sendDetached)
    {
        PluginHandle ph = handle.PluginHandle;
        if (!ph.MarkStopped())
        {
            return;
        }
        if (Media is not null)
        {
            try
            {
                Media.Hangup(ph, "Detach");
                Media.Release(ph);
            }
            catch (Exception ex)
            {
                JanusLog.Error($"[{ph.HandleId}] Media release failed: {ex.Message}");
            }
        }
        try
        {
            await handle.Plugin.DestroySessionAsync(ph).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            JanusLog.Error($"[{ph.HandleId}] Plugin {handle.Plugin.Descriptor.Package} failed to destroy its session: {ex.Message}");
        }
        if (sendDetached)
        {
            JsonObject evt = JanusJson.Message("detached", handle.Session.Id, null);
            evt["sender"] = handle.Id;
            Notify(handle.Session, evt);
        }
    }

    /// <summary>Detaches every handle attached to <paramref name="package"/>, each with a <c>detached</c> event.</summary>
    internal async Task DetachAllOfPluginAsync(string package)
    {
        foreach (JanusSession session in _sessions.Values)
        {
            foreach (JanusHandle handle in session.Handles())
            {
                if (handle.Plugin.Descriptor.Package == package && TryRemoveHandle(handle))
                {
                    await ReleaseHandleAsync(handle, sendDetached: true).ConfigureAwait(false);
                }
            }
        }
        Auth.ForgetPlugin(package);
    }

    /// <summary>
    /// Sends an event on the session's connection, unless the session is gone (janus_session_notify_event); an event
    /// whose transaction is a request not yet answered on its transport waits for that answer (<see cref="ReplyFence"/>).
    /// </summary>
    private static void Notify(JanusSession session, JsonObject evt)
    {
        if (session.IsDestroyed)
        {
            return;
        }
        session.Fence.Send(evt, JanusJson.GetString(evt["transaction"]), e => DeliverNow(session, e));
    }

    private static void DeliverNow(JanusSession session, JsonObject evt)
    {
        if (session.IsDestroyed)
        {
            return;
        }
        ITransportConnection? source = session.Source;
        if (source is not null)
        {
            SafeSend(source, evt);
        }
    }

    private static void SafeSend(ITransportConnection connection, JsonObject evt)
    {
        try
        {
            connection.SendEvent(evt);
        }
        catch (Exception ex)
        {
            JanusLog.Warn($"Could not deliver an event to {connection.TransportPackage}: {ex.Message}");
        }
    }

    private bool TryFindHandle(PluginHandle ph, out JanusHandle handle)
    {
        handle = null!;
        return _sessions.TryGetValue(ph.SessionId, out JanusSession? session)
            && !session.IsDestroyed
            && session.TryGetHandle(ph.HandleId, out handle!)
            && ReferenceEquals(handle.PluginHandle, ph);
    }

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
