using System.Diagnostics;
using System.Text.Json.Nodes;
using Janus.Core;
using Janus.Core.Api;
using Janus.Core.Logging;
using Janus.Core.Plugins;
using static Janus.Core.Api.JsonParameterFlags;
using T = Janus.Core.Api.JsonParameterType;

namespace Janus.Host.Admin;

/// <summary>
/// The Admin API (janus_process_incoming_admin_request), served by the host beside the transports: it reads and
/// changes the core's sessions, handles, plugins and settings, and answers in Janus's envelope.
/// </summary>
internal sealed class AdminApi
{
    private readonly JanusCore _core;

    public AdminApi(JanusCore core) => _core = core;

    private static readonly JsonParameter[] AdminParameters = [new("transaction", T.String, Required), new("janus", T.String, Required)];
    private static readonly JsonParameter[] GlobalTimeoutParameters = [new("timeout", T.Integer, Required | Positive)];
    private static readonly JsonParameter[] SessionTimeoutParameters = [new("timeout", T.Integer, Required)];
    private static readonly JsonParameter[] LevelParameters = [new("level", T.Integer, Required | Positive)];
    private static readonly JsonParameter[] TimestampsParameters = [new("timestamps", T.Boolean, Required)];
    private static readonly JsonParameter[] MinNackQueueParameters = [new("min_nack_queue", T.Integer, Required | Positive)];
    private static readonly JsonParameter[] NackOptimizationsParameters = [new("nack_optimizations", T.Boolean, Required)];
    private static readonly JsonParameter[] NoMediaTimerParameters = [new("no_media_timer", T.Integer, Required | Positive)];
    private static readonly JsonParameter[] SlowlinkParameters = [new("slowlink_threshold", T.Integer, Required | Positive)];
    private static readonly JsonParameter[] AcceptParameters = [new("accept", T.Boolean, Required)];
    private static readonly JsonParameter[] ResolveAddressParameters = [new("address", T.String, Required)];
    private static readonly JsonParameter[] TestStunParameters =
        [new("address", T.String, Required), new("port", T.Integer, Required | Positive), new("localport", T.Integer, Positive)];
    private static readonly JsonParameter[] QueryTransportParameters = [new("transport", T.String, Required), new("request", T.Object)];
    private static readonly JsonParameter[] MessagePluginParameters = [new("plugin", T.String, Required), new("request", T.Object)];
    private static readonly JsonParameter[] CustomEventParameters = [new("schema", T.String, Required), new("data", T.Object, Required)];
    private static readonly JsonParameter[] CustomLoglineParameters = [new("line", T.String, Required), new("level", T.Integer, Positive)];
    private static readonly JsonParameter[] HandleInfoParameters = [new("plugin_only", T.Boolean)];
    private static readonly JsonParameter[] AddTokenParameters = [new("token", T.String, Required), new("plugins", T.Array)];
    private static readonly JsonParameter[] TokenParameters = [new("token", T.String, Required)];
    private static readonly JsonParameter[] ReloadPluginsParameters = [new("plugin", T.String)];

    private const string StoredTokensDisabled = "Stored-Token based authentication disabled";
    private const string NoPluginAdministration = "Plugins are not loaded from files on this server";

    /// <summary>Answers one Admin API request. <paramref name="root"/> is the parsed JSON.</summary>
    public async ValueTask<JsonObject> HandleAdminRequestAsync(JsonNode? root)
    {
        try
        {
            return await HandleAdminCoreAsync(root as JsonObject).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            JanusLog.Error($"Unexpected error handling an Admin API request: {ex}");
            return JanusJson.Error(0, null, JanusErrorCode.Unknown, "Internal error");
        }
    }

    private async ValueTask<JsonObject> HandleAdminCoreAsync(JsonObject? root)
    {
        long sessionId = 0, handleId = 0;
        if (JanusJson.TryGetInteger(root?["session_id"], out long sid))
        {
            sessionId = sid;
        }
        JsonNode? h = root?["handle_id"];
        if (JanusJson.TryGetInteger(h, out long hid))
        {
            handleId = hid;
        }
        if (!JanusJson.Validate(root, AdminParameters, out int code, out string cause))
        {
            return JanusJson.Error(sessionId, null, code, cause);
        }
        string transaction = JanusJson.GetString(root!["transaction"])!;
        string verb = JanusJson.GetString(root["janus"])!.ToLowerInvariant();

        if (sessionId == 0 && handleId == 0)
        {
            if (verb == "info")
            {
                return _core.BuildInfo(transaction);
            }
            if (verb == "ping")
            {
                return JanusJson.Message("pong", 0, transaction);
            }
            if (!IsAdminAuthorized(root))
            {
                return JanusJson.Error(0, transaction, JanusErrorCode.Unauthorized, null);
            }
            return await HandleGlobalAdminAsync(root, verb, transaction).ConfigureAwait(false);
        }
        if (sessionId < 1 || (h is not null && handleId < 1))
        {
            return JanusJson.Error(sessionId, transaction, JanusErrorCode.SessionNotFound, null);
        }
        if (!IsAdminAuthorized(root))
        {
            return JanusJson.Error(sessionId, transaction, JanusErrorCode.Unauthorized, null);
        }
        if (!_core.Sessions.TryGetValue(sessionId, out JanusSession? session) || session.IsDestroyed)
        {
            return JanusJson.Error(sessionId, transaction, JanusErrorCode.SessionNotFound, $"No such session {sessionId}");
        }
        JanusHandle? handle = null;
        if (handleId > 0 && !session.TryGetHandle(handleId, out handle))
        {
            return JanusJson.Error(sessionId, transaction, JanusErrorCode.HandleNotFound, $"No such handle {handleId} in session {sessionId}");
        }
        return handle is null
            ? AdminSessionRequest(session, root, verb, transaction)
            : await AdminHandleRequestAsync(handle, root, verb, transaction).ConfigureAwait(false);
    }

    private bool IsAdminAuthorized(JsonObject root)
    {
        string? expected = _core.Options.AdminSecret;
        if (expected is null)
        {
            return true;
        }
        string? given = JanusJson.GetString(root["admin_secret"]);
        return given is not null && JanusCore.SecretEquals(given, expected);
    }

    /// <summary>
    /// The Admin API's integer media setters (set_min_nack_queue, set_no_media_timer, set_slowlink_threshold): one
    /// required positive integer, stored, and echoed under its own name as Janus answers.
    /// </summary>
    private static JsonObject SetMediaInteger(JsonObject root, string transaction, JsonParameter[] parameters, Func<int, int> store)
    {
        if (!JanusJson.Validate(root, parameters, out int code, out string cause))
        {
            return Invalid(0, transaction, code, cause);
        }
        string name = parameters[0].Name;
        JanusJson.TryGetInteger(root[name], out long value);
        JsonObject reply = JanusJson.Message("success", 0, transaction);
        reply[name] = store((int)Math.Min(value, int.MaxValue));
        return reply;
    }

    private static JsonObject Invalid(long sessionId, string transaction, int code, string cause)
        => JanusJson.Error(sessionId, transaction, code, cause);

    private async ValueTask<JsonObject> HandleGlobalAdminAsync(JsonObject root, string verb, string transaction)
    {
        int code;
        string cause;
        JsonObject reply;
        switch (verb)
        {
            case "get_status":
                reply = JanusJson.Message("success", 0, transaction);
                reply["status"] = new JsonObject
                {
                    ["token_auth"] = _core.Auth.IsEnabled,
                    ["session_timeout"] = _core.SessionTimeout,
                    ["reclaim_session_timeout"] = _core.Options.ReclaimSessionTimeout,
                    ["candidates_timeout"] = _core.Options.CandidatesTimeout,
                    ["log_level"] = (int)JanusLog.Level,
                    ["log_timestamps"] = JanusLog.Timestamps,
                    ["log_colors"] = !_core.Options.DisableColors,
                    ["min_nack_queue"] = _core.Options.Media.MinNackQueue,
                    ["nack-optimizations"] = _core.Options.Media.NackOptimizations,
                    ["no_media_timer"] = _core.Options.Media.NoMediaTimer,
                    ["slowlink_threshold"] = _core.Options.Media.SlowlinkThreshold,
                    // Not in Janus: process figures for benchmarks (src/Janus.Bench media and soak modes), cheap to read.
                    ["sessions"] = _core.SessionCount,
                    ["handles"] = _core.HandleCount,
                    ["gc_total_allocated_bytes"] = GC.GetTotalAllocatedBytes(false),
                    // The managed heap as of the last GC, and what the GC holds committed (live objects, free space
                    // and allocation budgets): what part of rss_bytes is the GC's.
                    ["gc_heap_bytes"] = GC.GetGCMemoryInfo().HeapSizeBytes,
                    ["gc_committed_bytes"] = GC.GetGCMemoryInfo().TotalCommittedBytes,
                    ["process_cpu_ms"] = (long)Environment.CpuUsage.TotalTime.TotalMilliseconds,
                    // getrusage's figures to the microsecond (/proc/PID/stat counts 10 ms ticks: too coarse for a
                    // server that uses a fraction of a percent of a core).
                    ["process_cpu_user_us"] = (long)(Environment.CpuUsage.UserTime.Ticks / TimeSpan.TicksPerMicrosecond),
                    ["process_cpu_system_us"] = (long)(Environment.CpuUsage.PrivilegedTime.Ticks / TimeSpan.TicksPerMicrosecond),
                    ["rss_bytes"] = Environment.WorkingSet,
                };
                return reply;
            case "set_session_timeout":
                if (!JanusJson.Validate(root, GlobalTimeoutParameters, out code, out cause))
                {
                    return Invalid(0, transaction, code, cause);
                }
                JanusJson.TryGetInteger(root["timeout"], out long timeout);
                _core.SessionTimeout = (int)Math.Min(timeout, int.MaxValue);
                reply = JanusJson.Message("success", 0, transaction);
                reply["timeout"] = _core.SessionTimeout;
                return reply;
            case "set_log_level":
                if (!JanusJson.Validate(root, LevelParameters, out code, out cause))
                {
                    return Invalid(0, transaction, code, cause);
                }
                JanusJson.TryGetInteger(root["level"], out long level);
                if (level < (int)JanusLogLevel.None || level > (int)JanusLogLevel.Dbg)
                {
                    return Invalid(0, transaction, JanusErrorCode.InvalidElementType,
                        $"Invalid element type (level should be between {(int)JanusLogLevel.None} and {(int)JanusLogLevel.Dbg})");
                }
                JanusLog.Level = (JanusLogLevel)level;
                reply = JanusJson.Message("success", 0, transaction);
                reply["level"] = (int)JanusLog.Level;
                return reply;
            case "set_log_timestamps":
                if (!JanusJson.Validate(root, TimestampsParameters, out code, out cause))
                {
                    return Invalid(0, transaction, code, cause);
                }
                JanusLog.Timestamps = JanusJson.IsTrue(root["timestamps"]);
                reply = JanusJson.Message("success", 0, transaction);
                reply["log_timestamps"] = JanusLog.Timestamps;
                return reply;
            case "set_min_nack_queue":
                return SetMediaInteger(root, transaction, MinNackQueueParameters, v => _core.Options.Media.MinNackQueue = v);
            case "set_nack_optimizations":
                if (!JanusJson.Validate(root, NackOptimizationsParameters, out code, out cause))
                {
                    return Invalid(0, transaction, code, cause);
                }
                _core.Options.Media.NackOptimizations = JanusJson.IsTrue(root["nack_optimizations"]);
                reply = JanusJson.Message("success", 0, transaction);
                reply["nack-optimizations"] = _core.Options.Media.NackOptimizations;
                return reply;
            case "set_no_media_timer":
                return SetMediaInteger(root, transaction, NoMediaTimerParameters, v => _core.Options.Media.NoMediaTimer = v);
            case "set_slowlink_threshold":
                return SetMediaInteger(root, transaction, SlowlinkParameters, v => _core.Options.Media.SlowlinkThreshold = v);
            case "accept_new_sessions":
                if (!JanusJson.Validate(root, AcceptParameters, out code, out cause))
                {
                    return Invalid(0, transaction, code, cause);
                }
                _core.AcceptNewSessions = JanusJson.IsTrue(root["accept"]);
                reply = JanusJson.Message("success", 0, transaction);
                reply["accept"] = _core.AcceptNewSessions;
                return reply;
            case "message_plugin":
                return await MessagePluginAsync(root, transaction).ConfigureAwait(false);
            case "list_plugins":
                return ListPlugins(transaction);
            case "reload_plugins":
                return await ReloadPluginsAsync(root, transaction).ConfigureAwait(false);
            case "query_transport":
                return QueryTransport(root, transaction);
            case "query_eventhandler":
                // No event handlers exist in this server: the lookup fails as Janus's does for an unknown name.
                return Invalid(0, transaction, JanusErrorCode.PluginNotFound, "Invalid event handler");
            case "query_logger":
                return Invalid(0, transaction, JanusErrorCode.PluginNotFound, "Invalid logger");
            case "custom_event":
                if (!JanusJson.Validate(root, CustomEventParameters, out code, out cause))
                {
                    return Invalid(0, transaction, code, cause);
                }
                // Event handlers are disabled, so (as in Janus) there is nobody to tell.
                return JanusJson.Message("success", 0, transaction);
            case "custom_logline":
                if (!JanusJson.Validate(root, CustomLoglineParameters, out code, out cause))
                {
                    return Invalid(0, transaction, code, cause);
                }
                long logLevel = (int)JanusLogLevel.Info;
                if (JanusJson.TryGetInteger(root["level"], out long requestedLevel))
                {
                    logLevel = requestedLevel is < 0 or > (int)JanusLogLevel.Dbg ? (int)JanusLogLevel.Info : requestedLevel;
                }
                JanusLog.Write((JanusLogLevel)logLevel, JanusJson.GetString(root["line"])!);
                return JanusJson.Message("success", 0, transaction);
            case "resolve_address":
                return await ResolveAddressAsync(root, transaction).ConfigureAwait(false);
            case "test_stun":
                return await TestStunAsync(root, transaction).ConfigureAwait(false);
            case "loops_info":
                reply = JanusJson.Message("success", 0, transaction);
                reply["loops"] = new JsonArray();
                return reply;
            case "list_sessions":
                var list = new JsonArray();
                foreach (long id in _core.Sessions.Keys)
                {
                    list.Add(id);
                }
                reply = JanusJson.Message("success", 0, transaction);
                reply["sessions"] = list;
                return reply;
            case "add_token":
                return AllowToken(root, transaction, allow: true, add: true);
            case "allow_token":
                return AllowToken(root, transaction, allow: true, add: false);
            case "disallow_token":
                return AllowToken(root, transaction, allow: false, add: false);
            case "list_tokens":
                return ListTokens(transaction);
            case "remove_token":
                if (!_core.Auth.IsStoredMode)
                {
                    return Invalid(0, transaction, JanusErrorCode.Unknown, StoredTokensDisabled);
                }
                if (!JanusJson.Validate(root, TokenParameters, out code, out cause))
                {
                    return Invalid(0, transaction, code, cause);
                }
                if (!_core.Auth.RemoveToken(JanusJson.GetString(root["token"])!))
                {
                    return Invalid(0, transaction, JanusErrorCode.Unknown, "Error removing token");
                }
                return JanusJson.Message("success", 0, transaction);
            default:
                return JanusCore.Unhandled(0, transaction, verb);
        }
    }

    // Can this server resolve a name, and how soon (Janus's helper for checking DNS before configuring STUN/TURN).
    private async ValueTask<JsonObject> ResolveAddressAsync(JsonObject root, string transaction)
    {
        if (!JanusJson.Validate(root, ResolveAddressParameters, out int code, out string cause))
        {
            return Invalid(0, transaction, code, cause);
        }
        long start = Stopwatch.GetTimestamp();
        System.Net.IPAddress? address = _core.Media is null ? null : await _core.Media.ResolveAddressAsync(JanusJson.GetString(root["address"])!).ConfigureAwait(false);
        if (address is null)
        {
            return Invalid(0, transaction, JanusErrorCode.Unknown, "Could not resolve address");
        }
        JsonObject reply = JanusJson.Message("success", 0, transaction);
        reply["ip"] = address.ToString();
        reply["elapsed"] = (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        return reply;
    }

    // What a STUN server says our public address is (Janus's check of a stun_server before using it).
    private async ValueTask<JsonObject> TestStunAsync(JsonObject root, string transaction)
    {
        if (!JanusJson.Validate(root, TestStunParameters, out int code, out string cause))
        {
            return Invalid(0, transaction, code, cause);
        }
        long start = Stopwatch.GetTimestamp();
        System.Net.IPAddress? server = _core.Media is null ? null : await _core.Media.ResolveAddressAsync(JanusJson.GetString(root["address"])!).ConfigureAwait(false);
        if (_core.Media is null || server is null)
        {
            return Invalid(0, transaction, JanusErrorCode.Unknown, "Could not resolve address");
        }
        JanusJson.TryGetInteger(root["port"], out long port);
        JanusJson.TryGetInteger(root["localport"], out long localPort);
        if (port > 65535 || localPort > 65535)
        {
            return Invalid(0, transaction, JanusErrorCode.InvalidElementType, "Invalid element type (port should be a valid port number)");
        }
        System.Net.IPEndPoint? mapped = await _core.Media.TestStunAsync(new System.Net.IPEndPoint(server, (int)port), (int)localPort).ConfigureAwait(false);
        if (mapped is null)
        {
            return Invalid(0, transaction, JanusErrorCode.Unknown, "STUN request failed");
        }
        JsonObject reply = JanusJson.Message("success", 0, transaction);
        reply["public_ip"] = mapped.Address.ToString();
        reply["public_port"] = mapped.Port;
        reply["elapsed"] = (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        return reply;
    }

    private async ValueTask<JsonObject> MessagePluginAsync(JsonObject root, string transaction)
    {
        if (!JanusJson.Validate(root, MessagePluginParameters, out int code, out string cause))
        {
            return Invalid(0, transaction, code, cause);
        }
        if (!_core.Catalog.TryGet(JanusJson.GetString(root["plugin"])!, out IPlugin plugin))
        {
            return Invalid(0, transaction, JanusErrorCode.PluginNotFound, "Invalid plugin");
        }
        var request = root["request"] as JsonObject ?? new JsonObject();
        root.Remove("request");
        JsonObject? response;
        try
        {
            response = await plugin.HandleAdminMessageAsync(request).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            JanusLog.Error($"Plugin {plugin.Descriptor.Package} failed on an admin message: {ex.Message}");
            return Invalid(0, transaction, JanusErrorCode.Unknown, ex is PluginException ? ex.Message : "Plugin failed to handle the Admin API message");
        }
        if (response is null)
        {
            return Invalid(0, transaction, JanusErrorCode.Unknown, "Plugin doesn't support Admin API messages");
        }
        JsonObject reply = JanusJson.Message("success", 0, transaction);
        reply["response"] = JanusJson.Adopt(response);
        return reply;
    }

    private JsonObject ListPlugins(string transaction)
    {
        IPluginAdministration? administration = _core.PluginAdministration;
        if (administration is null)
        {
            return Invalid(0, transaction, JanusErrorCode.Unknown, NoPluginAdministration);
        }
        JsonObject reply = JanusJson.Message("success", 0, transaction);
        reply["plugins"] = PluginStatusesJson(administration.ListPlugins());
        return reply;
    }

    /// <summary>Reloads one plugin or all from disk; a failed load is not an API error (the old version keeps running), it shows in the statuses.</summary>
    private async ValueTask<JsonObject> ReloadPluginsAsync(JsonObject root, string transaction)
    {
        if (!JanusJson.Validate(root, ReloadPluginsParameters, out int code, out string cause))
        {
            return Invalid(0, transaction, code, cause);
        }
        IPluginAdministration? administration = _core.PluginAdministration;
        if (administration is null)
        {
            return Invalid(0, transaction, JanusErrorCode.Unknown, NoPluginAdministration);
        }
        string? package = JanusJson.GetString(root["plugin"]);
        if (package is not null && !administration.ListPlugins().Any(p => p.Package == package))
        {
            return Invalid(0, transaction, JanusErrorCode.PluginNotFound, "Invalid plugin");
        }
        IReadOnlyList<PluginFileStatus> statuses;
        try
        {
            statuses = await administration.ReloadPluginsAsync(package).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PluginException)
        {
            JanusLog.Error($"Reloading plugins failed: {ex.Message}");
            return Invalid(0, transaction, JanusErrorCode.Unknown, $"Reloading plugins failed: {ex.Message}");
        }
        JsonObject reply = JanusJson.Message("success", 0, transaction);
        reply["plugins"] = PluginStatusesJson(statuses);
        return reply;
    }

    private static JsonArray PluginStatusesJson(IReadOnlyList<PluginFileStatus> statuses)
    {
        var list = new JsonArray();
        foreach (PluginFileStatus status in statuses)
        {
            var item = new JsonObject
            {
                ["package"] = status.Package,
                ["name"] = status.Name,
                ["language"] = status.Language,
                ["file"] = status.File,
                ["version"] = status.Version,
                ["version_string"] = status.VersionString,
                ["state"] = status.State switch
                {
                    PluginFileState.Loaded => "loaded",
                    PluginFileState.Failed => "failed",
                    _ => "unloaded",
                },
                ["loaded_at"] = status.LoadedAt?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["reloads"] = status.Reloads,
            };
            if (status.LastError is PluginLoadError error)
            {
                item["error"] = new JsonObject
                {
                    ["message"] = error.Message,
                    ["file"] = error.File,
                    ["line"] = error.Line,
                };
            }
            list.Add(item);
        }
        return list;
    }

    private JsonObject QueryTransport(JsonObject root, string transaction)
    {
        if (!JanusJson.Validate(root, QueryTransportParameters, out int code, out string cause))
        {
            return Invalid(0, transaction, code, cause);
        }
        string package = JanusJson.GetString(root["transport"])!;
        TransportDescriptor? transport;
        lock (_core.Transports)
        {
            transport = _core.Transports.Find(t => t.Package == package);
        }
        if (transport is null)
        {
            return Invalid(0, transaction, JanusErrorCode.PluginNotFound, "Invalid transport");
        }
        JsonObject reply = JanusJson.Message("success", 0, transaction);
        reply["response"] = transport.Query(root["request"] as JsonObject);
        return reply;
    }

    private JsonObject AllowToken(JsonObject root, string transaction, bool allow, bool add)
    {
        if (!_core.Auth.IsStoredMode)
        {
            return Invalid(0, transaction, JanusErrorCode.Unknown, StoredTokensDisabled);
        }
        JanusJson.Validate(root, AddTokenParameters, out int code, out string cause);
        JsonArray? allowed = root["plugins"] as JsonArray;
        if (code == 0 && !add && (allowed is null || allowed.Count == 0))
        {
            code = JanusErrorCode.InvalidElementType;
            cause = "Invalid element type (plugins should be a non-empty array)";
        }
        if (code != 0)
        {
            return Invalid(0, transaction, code, cause);
        }
        string token = JanusJson.GetString(root["token"])!;
        if (add)
        {
            if (!_core.Auth.AddToken(token))
            {
                return Invalid(0, transaction, JanusErrorCode.Unknown, "Error adding token");
            }
        }
        else if (!_core.Auth.CheckToken(token))
        {
            return Invalid(0, transaction, JanusErrorCode.TokenNotFound, $"Token {token} not found");
        }
        if (allowed is not null && allowed.Count > 0)
        {
            var packages = new List<string>(allowed.Count);
            foreach (JsonNode? p in allowed)
            {
                string? package = JanusJson.GetString(p);
                if (package is null || !_core.Catalog.TryGet(package, out _))
                {
                    if (add)
                    {
                        continue;
                    }
                    return Invalid(0, transaction, JanusErrorCode.InvalidElementType, "Invalid element type (some of the provided plugins are invalid)");
                }
                packages.Add(package);
            }
            foreach (string package in packages)
            {
                if (allow)
                {
                    _core.Auth.AllowPlugin(token, package);
                }
                else
                {
                    _core.Auth.DisallowPlugin(token, package);
                }
            }
        }
        else
        {
            foreach (IPlugin plugin in _core.Catalog.Plugins)
            {
                _core.Auth.AllowPlugin(token, plugin.Descriptor.Package);
            }
        }
        JsonObject reply = JanusJson.Message("success", 0, transaction);
        var plugins = new JsonArray();
        foreach (string package in _core.Auth.PluginsOf(token))
        {
            plugins.Add(package);
        }
        reply["data"] = new JsonObject { ["plugins"] = plugins };
        return reply;
    }

    private JsonObject ListTokens(string transaction)
    {
        if (!_core.Auth.IsStoredMode)
        {
            return Invalid(0, transaction, JanusErrorCode.Unknown, StoredTokensDisabled);
        }
        var tokens = new JsonArray();
        foreach ((string token, string[] plugins) in _core.Auth.ListTokens())
        {
            // As Janus: a token that may use no plugin is not listed.
            if (plugins.Length == 0)
            {
                continue;
            }
            var allowed = new JsonArray();
            foreach (string p in plugins)
            {
                allowed.Add(p);
            }
            tokens.Add(new JsonObject { ["token"] = token, ["allowed_plugins"] = allowed });
        }
        JsonObject reply = JanusJson.Message("success", 0, transaction);
        reply["data"] = new JsonObject { ["tokens"] = tokens };
        return reply;
    }

    private JsonObject AdminSessionRequest(JanusSession session, JsonObject root, string verb, string transaction)
    {
        switch (verb)
        {
            case "destroy_session":
                ApiReply destroyed = _core.Destroy(session, transaction);
                _ = destroyed.RunAfterSentAsync();
                return destroyed.Message;
            case "set_session_timeout":
                if (!JanusJson.Validate(root, SessionTimeoutParameters, out int code, out string cause))
                {
                    return Invalid(session.Id, transaction, code, cause);
                }
                JanusJson.TryGetInteger(root["timeout"], out long timeout);
                if (timeout < -1)
                {
                    return Invalid(session.Id, transaction, JanusErrorCode.InvalidElementType,
                        "Invalid element type (timeout should be a non-negative integer or -1)");
                }
                session.Timeout = (int)Math.Min(timeout, int.MaxValue);
                JsonObject reply = JanusJson.Message("success", 0, transaction);
                reply["timeout"] = session.Timeout;
                reply["session_id"] = session.Id;
                return reply;
            case "list_handles":
                var list = new JsonArray();
                foreach (long id in session.HandleIds())
                {
                    list.Add(id);
                }
                JsonObject handles = JanusJson.Message("success", session.Id, transaction);
                handles["handles"] = list;
                return handles;
            default:
                return JanusCore.Unhandled(session.Id, transaction, verb);
        }
    }

    private async ValueTask<JsonObject> AdminHandleRequestAsync(JanusHandle handle, JsonObject root, string verb, string transaction)
    {
        long sessionId = handle.Session.Id;
        switch (verb)
        {
            case "detach_handle":
                ApiReply detached = _core.Detach(handle, transaction);
                _ = detached.RunAfterSentAsync();
                return detached.Message;
            case "hangup_webrtc":
                return _core.Hangup(handle, transaction, "Admin API");
            case "handle_info":
                if (!JanusJson.Validate(root, HandleInfoParameters, out int code, out string cause))
                {
                    return Invalid(sessionId, transaction, code, cause);
                }
                JsonObject info = await HandleInfoAsync(handle, JanusJson.IsTrue(root["plugin_only"])).ConfigureAwait(false);
                JsonObject reply = JanusJson.Message("success", sessionId, transaction);
                reply["handle_id"] = handle.Id;
                reply["info"] = info;
                return reply;
            default:
                return JanusCore.Unhandled(sessionId, transaction, verb);
        }
    }

    private async ValueTask<JsonObject> HandleInfoAsync(JanusHandle handle, bool pluginOnly)
    {
        JanusSession session = handle.Session;
        PluginHandle ph = handle.PluginHandle;
        // The session's activity is kept on the core's clock: read now from the same one.
        long idleMicros = (_core.Time.Milliseconds() - session.LastActivityMilliseconds) * 1000;
        var info = new JsonObject
        {
            ["session_id"] = session.Id,
            ["session_last_activity"] = _core.Time.Microseconds() - idleMicros,
            ["session_timeout"] = session.Timeout == -1 ? _core.SessionTimeout : session.Timeout,
        };
        if (session.Source is ITransportConnection source)
        {
            info["session_transport"] = source.TransportPackage;
        }
        info["handle_id"] = handle.Id;
        if (ph.OpaqueId is not null)
        {
            info["opaque_id"] = ph.OpaqueId;
        }
        if (ph.Token is not null)
        {
            info["token"] = ph.Token;
        }
        info["loop-running"] = false;
        info["created"] = handle.CreatedMicros;
        info["current_time"] = _core.Time.Microseconds();
        if (!ph.IsStopped)
        {
            info["plugin"] = handle.Plugin.Descriptor.Package;
            try
            {
                JsonObject? specific = await handle.Plugin.QuerySessionAsync(ph).ConfigureAwait(false);
                if (specific is not null)
                {
                    info["plugin_specific"] = JanusJson.Adopt(specific);
                }
            }
            catch (Exception ex)
            {
                JanusLog.Warn($"[{ph.HandleId}] Plugin query failed: {ex.Message}");
            }
        }
        if (!pluginOnly && _core.Media?.Query(ph) is JsonObject media)
        {
            // flags, agent-created, ice-mode, ice-role, sdps and webrtc, as Janus lists them after the plugin's part.
            foreach ((string key, JsonNode? value) in media.ToArray())
            {
                media.Remove(key);
                info[key] = value;
            }
        }
        return info;
    }
}
