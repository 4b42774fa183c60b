using System.Text.Json.Nodes;
using Janus.Core.Logging;
using Janus.Core.Plugins;

namespace Janus.Core.Api;

/// <summary>
/// The session and handle registry: sessions by id (each locks only its own handle table), the watchdog that times
/// them out, and their teardown (handles detached, PeerConnections released, plugins told) and events.
/// </summary>
public sealed partial class JanusCore
{
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

    private void CheckSessions()
    {
        try
        {
            long now = Time.Milliseconds();
            int global = _sessionTimeout;
            int reclaim = Options.ReclaimSessionTimeout;
            foreach (JanusSession session in _sessions.Values)
            {
                if (session.IsDestroyed)
                {
                    continue;
                }
                long idleMs = now - session.LastActivityMilliseconds;
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
}
