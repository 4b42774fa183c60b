using System.Text.Json;
using System.Text.Json.Nodes;
using Janus.Core.Logging;
using Janus.Core.Media;
using Janus.Core.Plugins;
using static Janus.Core.Api.JsonParameterFlags;
using T = Janus.Core.Api.JsonParameterType;

namespace Janus.Core.Api;

/// <summary>The Janus API (janus_process_incoming_request): checks, then one method per request verb.</summary>
public sealed partial class JanusCore
{
    private static readonly JsonParameter[] IncomingRequestParameters =
    [
        new("transaction", T.String, Required),
        new("janus", T.String, Required),
        new("id", T.Integer, Positive),
    ];

    private static readonly JsonParameter[] AttachParameters =
    [
        new("plugin", T.String, Required),
        new("opaque_id", T.String),
        new("loop_index", T.Integer, Positive),
    ];

    private static readonly JsonParameter[] BodyParameters = [new("body", T.Object, Required)];

    private static readonly JsonParameter[] JsepParameters =
    [
        new("type", T.String, Required),
        new("sdp", T.String, Required),
        new("trickle", T.Boolean),
        new("rid_order", T.String),
        new("force_relay", T.Boolean),
        new("e2ee", T.Boolean),
    ];

    internal const string NoMediaEngineReason = "No media engine available: WebRTC negotiation is not possible on this server";

    /// <summary>
    /// Answers one Janus API request that arrived on <paramref name="connection"/>. <paramref name="root"/> is the
    /// parsed JSON (any JSON value: a non-object misses every mandatory element, as in Janus).
    /// </summary>
    public ValueTask<ApiReply> HandleRequestAsync(ITransportConnection connection, JsonNode? root)
    {
        try
        {
            ValueTask<ApiReply> pending = HandleRequestCoreAsync(connection, root as JsonObject);
            // attach and message finish asynchronously: a fault there must become a reply too, or it escapes the
            // transport's handler and the client waits for an answer that never comes.
            return pending.IsCompletedSuccessfully ? pending : ReplyOrInternalErrorAsync(pending, root);
        }
        catch (Exception ex)
        {
            return new ValueTask<ApiReply>(InternalError(ex, root));
        }
    }

    private static async ValueTask<ApiReply> ReplyOrInternalErrorAsync(ValueTask<ApiReply> pending, JsonNode? root)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return InternalError(ex, root);
        }
    }

    private static JsonObject InternalError(Exception ex, JsonNode? root)
    {
        JanusLog.Error($"Unexpected error handling a Janus API request: {ex}");
        // The transaction, when it can be read, lets the client match the error to its request.
        string? transaction = null;
        try
        {
            transaction = JanusJson.GetString((root as JsonObject)?["transaction"]);
        }
        catch (Exception)
        {
            // The transaction may be what failed (a string that is not valid UTF-8): the error goes without it.
        }
        return JanusJson.Error(0, transaction, JanusErrorCode.Unknown, "Internal error");
    }

    /// <summary>The reply Janus gives to a request that is not valid JSON (over a transport that hands the core the parse error).</summary>
    public static JsonObject InvalidJsonReply(JsonException error)
        => JanusJson.Error(0, null, JanusErrorCode.InvalidJson,
            $"Invalid Janus API request - <string>({(error.LineNumber ?? 0) + 1},{(error.BytePositionInLine ?? 0) + 1}): {FirstSentence(error.Message)}");

    /// <summary>An error reply in Janus's envelope, for transports.</summary>
    public static JsonObject ErrorReply(long sessionId, string? transaction, int code, string? reason)
        => JanusJson.Error(sessionId, transaction, code, reason);

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private ValueTask<ApiReply> HandleRequestCoreAsync(ITransportConnection connection, JsonObject? root)
    {
        long sessionId = 0, handleId = 0;
        JsonNode? s = root?["session_id"];
        if (JanusJson.TryGetInteger(s, out long sid))
        {
            sessionId = sid;
        }
        JsonNode? h = root?["handle_id"];
        if (JanusJson.TryGetInteger(h, out long hid))
        {
            handleId = hid;
        }
        if (!JanusJson.Validate(root, IncomingRequestParameters, out int code, out string cause))
        {
            return Reply(JanusJson.Error(sessionId, null, code, cause));
        }
        string transaction = JanusJson.GetString(root!["transaction"])!;
        string verb = JanusJson.GetString(root["janus"])!.ToLowerInvariant();

        if (sessionId == 0 && handleId == 0)
        {
            return verb switch
            {
                "info" => Reply(BuildInfo(transaction)),
                "ping" => Reply(JanusJson.Message("pong", 0, transaction)),
                "create" => Reply(CreateSession(connection, root, transaction)),
                _ => Reply(Unhandled(sessionId, transaction, verb)),
            };
        }
        if (sessionId < 1)
        {
            return Reply(JanusJson.Error(sessionId, transaction, JanusErrorCode.SessionNotFound, null));
        }
        if (h is not null && handleId < 1)
        {
            return Reply(JanusJson.Error(sessionId, transaction, JanusErrorCode.HandleNotFound, null));
        }
        if (!IsRequestAuthorized(root))
        {
            return Reply(JanusJson.Error(sessionId, transaction, JanusErrorCode.Unauthorized, null));
        }
        if (!_sessions.TryGetValue(sessionId, out JanusSession? session) || session.IsDestroyed)
        {
            return Reply(JanusJson.Error(sessionId, transaction, JanusErrorCode.SessionNotFound, $"No such session {sessionId}"));
        }
        if (!MayUse(session, JanusJson.GetString(root["apisecret"]), JanusJson.GetString(root["token"])))
        {
            // Another client's session (session_token_binding): refused like a wrong token, and not kept alive.
            return Reply(JanusJson.Error(sessionId, transaction, JanusErrorCode.Unauthorized, null));
        }
        session.Touch();
        JanusHandle? handle = null;
        if (handleId > 0 && !session.TryGetHandle(handleId, out handle))
        {
            return Reply(JanusJson.Error(sessionId, transaction, JanusErrorCode.HandleNotFound,
                $"No such handle {handleId} in session {sessionId}"));
        }

        switch (verb)
        {
            case "keepalive":
                return Reply(JanusJson.Message("ack", sessionId, transaction));
            case "attach":
                return handle is not null ? Reply(Unhandled(sessionId, transaction, verb)) : AttachAsync(session, root, transaction);
            case "destroy":
                return handle is not null ? Reply(Unhandled(sessionId, transaction, verb)) : Reply(Destroy(session, transaction));
            case "detach":
                return handle is null ? Reply(Unhandled(sessionId, transaction, verb)) : Reply(Detach(handle, transaction));
            case "hangup":
                return handle is null ? Reply(Unhandled(sessionId, transaction, verb)) : Reply(Hangup(handle, transaction, "Janus API"));
            case "claim":
                return Reply(Claim(connection, session, transaction));
            case "message":
                return handle is null ? Reply(Unhandled(sessionId, transaction, verb)) : MessageAsync(handle, root, transaction);
            case "trickle":
                return handle is null ? Reply(Unhandled(sessionId, transaction, verb)) : Reply(Trickle(handle, root, transaction));
            default:
                return Reply(JanusJson.Error(sessionId, transaction, JanusErrorCode.UnknownRequest, $"Unknown request '{verb}'"));
        }
    }

    private static ValueTask<ApiReply> Reply(ApiReply reply) => new(reply);

    internal static JsonObject Unhandled(long sessionId, string transaction, string verb)
        => JanusJson.Error(sessionId, transaction, JanusErrorCode.InvalidRequestPath, $"Unhandled request '{verb}' at this path");

    /// <summary>janus_request_check_secret: either the API secret or a valid token, when either is configured.</summary>
    private bool IsRequestAuthorized(JsonObject root)
        => IsAuthorized(JanusJson.GetString(root["apisecret"]), JanusJson.GetString(root["token"]));

    private JsonObject CreateSession(ITransportConnection connection, JsonObject root, string transaction)
    {
        if (!_acceptNewSessions)
        {
            return JanusJson.Error(0, transaction, JanusErrorCode.NotAcceptingSessions, null);
        }
        if (!IsRequestAuthorized(root))
        {
            return JanusJson.Error(0, transaction, JanusErrorCode.Unauthorized, null);
        }
        JanusJson.TryGetInteger(root["id"], out long requested);
        // Bound to the creator's token when it carried a valid one; else (the API secret let it in) to none.
        string? token = JanusJson.GetString(root["token"]);
        string? owner = BindsSessionsToTokens && Auth.CheckToken(token) ? token : null;
        JanusSession session;
        if (requested > 0)
        {
            session = new JanusSession(requested, connection, Time, owner);
            if (!_sessions.TryAdd(requested, session))
            {
                return JanusJson.Error(requested, transaction, JanusErrorCode.SessionConflict, "Session ID already in use");
            }
        }
        else
        {
            do
            {
                session = new JanusSession(JanusIds.Next(), connection, Time, owner);
            }
            while (!_sessions.TryAdd(session.Id, session));
        }
        Interlocked.Increment(ref _sessionCount);
        if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
        {
            JanusLog.Verbose($"Creating new session: {session.Id}");
        }
        connection.SessionCreated(session.Id);
        JsonObject reply = JanusJson.Message("success", 0, transaction);
        reply["data"] = new JsonObject { ["id"] = session.Id };
        return reply;
    }

    private async ValueTask<ApiReply> AttachAsync(JanusSession session, JsonObject root, string transaction)
    {
        if (!JanusJson.Validate(root, AttachParameters, out int code, out string cause))
        {
            return JanusJson.Error(session.Id, transaction, code, cause);
        }
        string package = JanusJson.GetString(root["plugin"])!;
        if (!_plugins.TryGet(package, out IPlugin plugin))
        {
            return JanusJson.Error(session.Id, transaction, JanusErrorCode.PluginNotFound, $"No such plugin '{package}'");
        }
        string? token = null;
        if (Auth.IsEnabled && root["token"] is JsonNode tokenNode)
        {
            token = JanusJson.GetString(tokenNode);
            if (token is not null && !Auth.CheckPlugin(token, package))
            {
                return JanusJson.Error(session.Id, transaction, JanusErrorCode.UnauthorizedPlugin,
                    $"Provided token can't access plugin '{package}'");
            }
        }
        string? opaqueId = JanusJson.GetString(root["opaque_id"]);
        JanusHandle handle;
        do
        {
            var ph = new PluginHandle(session.Id, JanusIds.Next(), opaqueId, token) { Plugin = package };
            handle = new JanusHandle(session, ph, plugin);
            if (session.IsDestroyed)
            {
                return JanusJson.Error(session.Id, transaction, JanusErrorCode.SessionNotFound, $"No such session {session.Id}");
            }
        }
        while (!session.TryAddHandle(handle));
        Interlocked.Increment(ref _handleCount);
        try
        {
            // The media side exists before the plugin hears of the handle, so it can shape routes at once.
            handle.PluginHandle.Media = Media?.Attach(handle.PluginHandle, plugin);
            await plugin.CreateSessionAsync(handle.PluginHandle).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (TryRemoveHandle(handle))
            {
                handle.PluginHandle.MarkStopped();
                Media?.Release(handle.PluginHandle);
            }
            string detail = ex is PluginException pe && pe.Code != 0 ? pe.Code.ToString() : ex.Message;
            JanusLog.Error($"Couldn't attach to plugin '{package}', error '{detail}'");
            return JanusJson.Error(session.Id, transaction, JanusErrorCode.PluginAttach, $"Couldn't attach to plugin: error '{detail}'");
        }
        JsonObject reply = JanusJson.Message("success", session.Id, transaction);
        reply["data"] = new JsonObject { ["id"] = handle.Id };
        return reply;
    }

    internal ApiReply Destroy(JanusSession session, string transaction)
    {
        JsonObject reply = JanusJson.Message("success", session.Id, transaction);
        if (!_sessions.TryRemove(session.Id, out _) || !session.MarkDestroyed())
        {
            return reply;
        }
        Interlocked.Decrement(ref _sessionCount);
        session.Source?.SessionOver(session.Id, timedOut: false, claimed: false);
        JanusHandle[] handles = session.TakeAllHandles();
        Interlocked.Add(ref _handleCount, -handles.Length);
        if (handles.Length == 0)
        {
            return reply;
        }
        return new ApiReply(reply, async () =>
        {
            foreach (JanusHandle handle in handles)
            {
                await ReleaseHandleAsync(handle, sendDetached: false).ConfigureAwait(false);
            }
        });
    }

    internal ApiReply Detach(JanusHandle handle, string transaction)
    {
        if (!TryRemoveHandle(handle))
        {
            return JanusJson.Error(handle.Session.Id, transaction, JanusErrorCode.PluginDetach, "No plugin to detach from");
        }
        return new ApiReply(JanusJson.Message("success", handle.Session.Id, transaction),
            () => ReleaseHandleAsync(handle, sendDetached: true));
    }

    internal JsonObject Hangup(JanusHandle handle, string transaction, string reason)
    {
        if (handle.PluginHandle.IsStopped)
        {
            return JanusJson.Error(handle.Session.Id, transaction, JanusErrorCode.PluginDetach, "No plugin attached");
        }
        Media?.Hangup(handle.PluginHandle, reason);
        return JanusJson.Message("success", handle.Session.Id, transaction);
    }

    private static JsonObject Claim(ITransportConnection connection, JanusSession session, string transaction)
    {
        ITransportConnection? previous = session.Claim(connection, out bool sameSource);
        if (!sameSource)
        {
            previous?.SessionOver(session.Id, timedOut: false, claimed: true);
            connection.SessionClaimed(session.Id);
        }
        return JanusJson.Message("success", session.Id, transaction);
    }

    /// <summary>
    /// A <c>message</c>: the plugin's events for this transaction are held until the transport has written the
    /// reply (it runs <see cref="ApiReply.AfterSent"/> then), so the <c>ack</c> always comes first, on every transport.
    /// </summary>
    private async ValueTask<ApiReply> MessageAsync(JanusHandle handle, JsonObject root, string transaction)
    {
        JanusSession session = handle.Session;
        ReplyFence.OpenReply open = session.Fence.Open(transaction);
        ApiReply reply;
        try
        {
            reply = await PluginMessageAsync(handle, root, transaction).ConfigureAwait(false);
        }
        catch
        {
            session.Fence.Close(open, e => DeliverNow(session, e));
            throw;
        }
        return new ApiReply(reply.Message, () =>
        {
            session.Fence.Close(open, e => DeliverNow(session, e));
            return reply.RunAfterSentAsync();
        });
    }

    private async ValueTask<ApiReply> PluginMessageAsync(JanusHandle handle, JsonObject root, string transaction)
    {
        long sessionId = handle.Session.Id;
        PluginHandle ph = handle.PluginHandle;
        if (ph.IsStopped)
        {
            return JanusJson.Error(sessionId, transaction, JanusErrorCode.PluginMessage, "No plugin to handle this message");
        }
        if (!JanusJson.Validate(root, BodyParameters, out int code, out string cause))
        {
            return JanusJson.Error(sessionId, transaction, code, cause);
        }
        JsonObject? jsepForPlugin = null;
        if (root["jsep"] is JsonNode jsepNode)
        {
            if (jsepNode is not JsonObject jsep)
            {
                return JanusJson.Error(sessionId, transaction, JanusErrorCode.InvalidJsonObject, "Invalid jsep object");
            }
            if (!JanusJson.Validate(jsep, JsepParameters, out code, out cause,
                    "JSEP error: missing mandatory element ({0})", "JSEP error: invalid element type ({0} should be {1})"))
            {
                return JanusJson.Error(sessionId, transaction, code, cause);
            }
            string type = JanusJson.GetString(jsep["type"])!;
            if (!type.Equals("offer", StringComparison.OrdinalIgnoreCase) && !type.Equals("answer", StringComparison.OrdinalIgnoreCase))
            {
                return JanusJson.Error(sessionId, transaction, JanusErrorCode.JsepUnknownType, $"JSEP error: unknown message type '{type}'");
            }
            if (Media is null)
            {
                return JanusJson.Error(sessionId, transaction, JanusErrorCode.WebRtcState, NoMediaEngineReason);
            }
            root.Remove("jsep");
            JsepOutcome outcome = Media.ProcessRemoteJsep(ph, jsep);
            if (outcome.IsError)
            {
                return JanusJson.Error(sessionId, transaction, outcome.ErrorCode, outcome.ErrorReason);
            }
            jsepForPlugin = outcome.Jsep;
        }
        JsonObject body = (JsonObject)root["body"]!;
        root.Remove("body");
        PluginResult result;
        try
        {
            result = await handle.Plugin.HandleMessageAsync(ph, transaction, body, jsepForPlugin).ConfigureAwait(false);
        }
        catch (PluginException ex)
        {
            return JanusJson.Error(sessionId, transaction, JanusErrorCode.PluginMessage, ex.Message);
        }
        catch (Exception ex)
        {
            JanusLog.Error($"[{ph.HandleId}] Plugin {handle.Plugin.Descriptor.Package} failed on a message: {ex}");
            return JanusJson.Error(sessionId, transaction, JanusErrorCode.PluginMessage, "Plugin didn't give a result");
        }
        switch (result.Kind)
        {
            case PluginResultKind.Ok:
                if (result.Content is null)
                {
                    return JanusJson.Error(sessionId, transaction, JanusErrorCode.PluginMessage,
                        "Plugin didn't provide any content for this synchronous response");
                }
                JsonObject success = JanusJson.Message("success", sessionId, transaction);
                success["sender"] = handle.Id;
                success["plugindata"] = new JsonObject
                {
                    ["plugin"] = handle.Plugin.Descriptor.Package,
                    ["data"] = JanusJson.Adopt(result.Content),
                };
                return success;
            case PluginResultKind.OkWait:
                JsonObject ack = JanusJson.Message("ack", sessionId, transaction);
                if (result.Text is not null)
                {
                    ack["hint"] = result.Text;
                }
                return ack;
            default:
                // The plugin chooses the code of a deliberate refusal (462 unless it says otherwise), as Janus's plugins do.
                return JanusJson.Error(sessionId, transaction, result.ErrorCode,
                    result.Text ?? "Plugin returned a severe (unknown) error");
        }
    }

    private JsonObject Trickle(JanusHandle handle, JsonObject root, string transaction)
    {
        long sessionId = handle.Session.Id;
        PluginHandle ph = handle.PluginHandle;
        if (ph.IsStopped)
        {
            return JanusJson.Error(sessionId, transaction, JanusErrorCode.PluginMessage, "No plugin to handle this trickle candidate");
        }
        JsonNode? candidate = root["candidate"];
        JsonNode? candidates = root["candidates"];
        if (candidate is null && candidates is null)
        {
            return JanusJson.Error(sessionId, transaction, JanusErrorCode.MissingMandatoryElement, "Missing mandatory element (candidate|candidates)");
        }
        if (candidate is not null && candidates is not null)
        {
            return JanusJson.Error(sessionId, transaction, JanusErrorCode.InvalidJson, "Can't have both candidate and candidates");
        }
        if (candidates is not null && candidates is not JsonArray)
        {
            return JanusJson.Error(sessionId, transaction, JanusErrorCode.InvalidElementType, "candidates is not an array");
        }
        if (candidate is not null && candidate is not JsonObject)
        {
            return JanusJson.Error(sessionId, transaction, JanusErrorCode.InvalidElementType, "Trickle error: invalid element type (candidate should be an object)");
        }
        if (Media is null)
        {
            return JanusJson.Error(sessionId, transaction, JanusErrorCode.WebRtcState, NoMediaEngineReason);
        }
        if (candidate is JsonObject single)
        {
            root.Remove("candidate");
            int error = Media.Trickle(ph, single);
            if (error != 0)
            {
                return JanusJson.Error(sessionId, transaction, error, null);
            }
        }
        else
        {
            var list = (JsonArray)candidates!;
            root.Remove("candidates");
            // As Janus: a candidate of the array that fails is skipped, not reported.
            foreach (JsonNode? c in list.ToArray())
            {
                if (c is JsonObject one)
                {
                    list.Remove(one);
                    Media.Trickle(ph, one);
                }
            }
        }
        return JanusJson.Message("ack", sessionId, transaction);
    }
}
