using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Janus.Core.Media;
using Janus.Core.Plugins;

namespace Janus.Core.Api;

/// <summary>The server side of plugin and media callbacks.</summary>
public sealed partial class JanusCore
{
    /// <summary>janus_plugin_push_event: the plugin's event, with its JSEP completed by the media core, to the handle's client.</summary>
    internal int PushEvent(PluginHandle ph, string? transaction, JsonObject message, JsonObject? jsep)
    {
        if (message is null)
        {
            return JanusErrorCode.InvalidJsonObject;
        }
        if (ph.IsStopped || !TryFindHandle(ph, out JanusHandle handle))
        {
            return JanusErrorCode.SessionNotFound;
        }
        JsonObject? merged = null;
        if (jsep is not null && JanusJson.GetString(jsep["type"]) is not null && JanusJson.GetString(jsep["sdp"]) is not null)
        {
            if (Media is null)
            {
                return JanusErrorCode.WebRtcState;
            }
            JsepOutcome outcome = Media.PrepareLocalJsep(ph, JanusJson.Adopt(jsep));
            if (outcome.IsError)
            {
                return outcome.ErrorCode;
            }
            merged = outcome.Jsep;
        }
        JsonObject evt = JanusJson.Message("event", handle.Session.Id, transaction);
        evt["sender"] = handle.Id;
        evt["plugindata"] = new JsonObject
        {
            ["plugin"] = handle.Plugin.Descriptor.Package,
            ["data"] = JanusJson.Adopt(message),
        };
        if (merged is not null)
        {
            evt["jsep"] = JanusJson.Adopt(merged);
        }
        Notify(handle.Session, evt);
        if (merged is not null)
        {
            Media!.LocalJsepSent(ph);
        }
        return 0;
    }

    /// <summary>janus_plugin_end_session: detach the handle (with <c>detached</c>) on the plugin's request.</summary>
    internal async Task EndSessionAsync(PluginHandle ph)
    {
        if (TryFindHandle(ph, out JanusHandle handle) && TryRemoveHandle(handle))
        {
            await ReleaseHandleAsync(handle, sendDetached: true).ConfigureAwait(false);
        }
    }

    /// <summary>The plugin-side view of a live handle, or null.</summary>
    public PluginHandle? FindPluginHandle(long sessionId, long handleId)
        => _sessions.TryGetValue(sessionId, out JanusSession? session) && session.TryGetHandle(handleId, out JanusHandle? handle)
            ? handle.PluginHandle
            : null;

    internal bool TryGetLiveHandle(PluginHandle ph, [NotNullWhen(true)] out JanusHandle? handle)
    {
        if (!ph.IsStopped && TryFindHandle(ph, out JanusHandle found))
        {
            handle = found;
            return true;
        }
        handle = null;
        return false;
    }

    /// <summary>A handle being detached still gets its <c>hangup</c> reported (Janus hangs up, then detaches).</summary>
    internal bool TryGetHandleOfAnyState(PluginHandle ph, [NotNullWhen(true)] out JanusHandle? handle)
    {
        if (TryFindHandle(ph, out JanusHandle found))
        {
            handle = found;
            return true;
        }
        if (_sessions.TryGetValue(ph.SessionId, out JanusSession? session) && !session.IsDestroyed)
        {
            // Already taken out of the session by a detach: report through a detached view of it.
            if (_plugins.TryGet(ph.Plugin, out IPlugin plugin))
            {
                handle = new JanusHandle(session, ph, plugin);
                return true;
            }
        }
        handle = null;
        return false;
    }

    internal JsonObject HandleEvent(string janus, JanusHandle handle)
    {
        JsonObject evt = JanusJson.Message(janus, handle.Session.Id, null);
        evt["sender"] = handle.Id;
        return evt;
    }

    internal void NotifyHandleEvent(JanusHandle handle, JsonObject evt) => Notify(handle.Session, evt);
}
