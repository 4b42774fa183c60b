using System.Text.Json.Nodes;
using Janus.Core.Logging;
using Janus.Core.Media;
using Janus.Core.Plugins;

namespace Janus.Core.Api;

/// <summary>Turns what the media core reports into Janus API events and plugin calls (ice.c's janus_ice_notify_*).</summary>
internal sealed class CoreMediaEvents(JanusCore core) : IMediaEvents
{
    public void WebRtcUp(PluginHandle handle)
    {
        if (core.TryGetLiveHandle(handle, out JanusHandle? h))
        {
            Guard(handle, () => h.Plugin.SetupMedia(handle));
            core.NotifyHandleEvent(h, core.HandleEvent("webrtcup", h));
        }
    }

    public void MediaState(PluginHandle handle, string mid, string type, bool receiving, int? substream = null, int? seconds = null)
    {
        if (core.TryGetLiveHandle(handle, out JanusHandle? h))
        {
            JsonObject evt = core.HandleEvent("media", h);
            evt["mid"] = mid;
            evt["type"] = type;
            if (substream is int s)
            {
                evt["substream"] = s;
            }
            evt["receiving"] = receiving;
            if (!receiving && seconds is int sec)
            {
                evt["seconds"] = sec;
            }
            core.NotifyHandleEvent(h, evt);
        }
    }

    public void SlowLink(PluginHandle handle, string mid, string media, bool uplink, int lost, int mindex, bool video)
    {
        if (core.TryGetLiveHandle(handle, out JanusHandle? h))
        {
            Guard(handle, () => h.Plugin.SlowLink(handle, mindex, video, uplink));
            JsonObject evt = core.HandleEvent("slowlink", h);
            evt["mid"] = mid;
            evt["media"] = media;
            evt["uplink"] = uplink;
            evt["lost"] = lost;
            core.NotifyHandleEvent(h, evt);
        }
    }

    public void HangupMedia(PluginHandle handle, string reason)
    {
        if (core.TryGetHandleOfAnyState(handle, out JanusHandle? h))
        {
            JsonObject evt = core.HandleEvent("hangup", h);
            evt["reason"] = reason;
            core.NotifyHandleEvent(h, evt);
            Guard(handle, () => h.Plugin.HangupMedia(handle));
        }
    }

    public void IceFailed(PluginHandle handle)
    {
        if (core.TryGetLiveHandle(handle, out JanusHandle? h))
        {
            core.NotifyHandleEvent(h, core.HandleEvent("ice-failed", h));
        }
    }

    public void LocalCandidate(PluginHandle handle, JsonObject? candidate)
    {
        if (core.TryGetLiveHandle(handle, out JanusHandle? h))
        {
            JsonObject evt = core.HandleEvent("trickle", h);
            evt["candidate"] = candidate is null ? new JsonObject { ["completed"] = true } : JanusJson.Adopt(candidate);
            core.NotifyHandleEvent(h, evt);
        }
    }

    private static void Guard(PluginHandle handle, Action call)
    {
        try
        {
            call();
        }
        catch (Exception ex)
        {
            JanusLog.Error($"[{handle.HandleId}] Plugin callback failed: {ex.Message}");
        }
    }
}
