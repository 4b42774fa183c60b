using System.Text.Json.Nodes;
using Janus.Core.Logging;
using Janus.Core.Media;
using Janus.Core.Plugins;

namespace Janus.Core.Api;

/// <summary>
/// What plugins call on the server (Janus's janus_callbacks). Events go to the client of the handle's session.
/// Packet calls, for plugins that take packets themselves, go to the handle's media in the core; the packets the
/// core relays on its own never come here.
/// </summary>
internal sealed class CoreGateway(JanusCore core) : IPluginGateway
{
    public int PushEvent(PluginHandle handle, string? transaction, JsonObject message, JsonObject? jsep)
        => core.PushEvent(handle, transaction, message, jsep);

    public void RelayRtp(PluginHandle handle, RtpPacket packet)
    {
        if (!handle.IsStopped)
        {
            handle.Media?.SendRtp(packet);
        }
    }

    public void RelayRtcp(PluginHandle handle, RtcpPacket packet)
    {
        if (!handle.IsStopped)
        {
            handle.Media?.SendRtcp(packet);
        }
    }

    public void RelayData(PluginHandle handle, DataPacket packet)
    {
        if (!handle.IsStopped)
        {
            handle.Media?.SendData(packet);
        }
    }

    public void SendPli(PluginHandle handle, int mindex = -1)
    {
        if (!handle.IsStopped)
        {
            handle.Media?.RequestKeyframe(mindex);
        }
    }

    public void SendRemb(PluginHandle handle, uint bitrate)
    {
        if (!handle.IsStopped)
        {
            handle.Media?.SendRemb(bitrate);
        }
    }

    public void ClosePc(PluginHandle handle)
    {
        IMediaEngine? media = core.Media;
        if (media is null || handle.IsStopped)
        {
            return;
        }
        // Janus defers close_pc to its watchdog loop so that a plugin may call it from inside a callback.
        ThreadPool.UnsafeQueueUserWorkItem(static state =>
        {
            try
            {
                state.media.Hangup(state.handle, "Close PC");
            }
            catch (Exception ex)
            {
                JanusLog.Error($"[{state.handle.HandleId}] close_pc failed: {ex.Message}");
            }
        }, (media, handle), preferLocal: false);
    }

    public void EndSession(PluginHandle handle)
    {
        if (!handle.IsStopped)
        {
            // Deferred for the same reason as ClosePc: the plugin may be inside a call on this handle.
            _ = Task.Run(() => core.EndSessionAsync(handle));
        }
    }

    public bool EventsIsEnabled => false;

    public void NotifyEvent(string plugin, PluginHandle? handle, JsonObject evt)
    {
        // No event handlers are loaded (events = false in info), so, as in Janus, the event is dropped.
    }

    public bool AuthIsSigned => core.Auth.IsSignedMode;

    public bool AuthIsSignatureValid(string plugin, string token) => core.Auth.CheckSignature(token, plugin);

    public bool AuthSignatureContains(string plugin, string token, string descriptor)
        => core.Auth.CheckSignatureContains(token, plugin, descriptor);
}
