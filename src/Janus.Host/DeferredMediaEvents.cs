using Janus.Core.Media;
using Janus.Core.Plugins;

namespace Janus.Host;

/// <summary>
/// Lets the media engine be built before the gateway that receives its events (each needs the other):
/// forwards every call to <see cref="Target"/> once it is set.
/// </summary>
internal sealed class DeferredMediaEvents : IMediaEvents
{
    public IMediaEvents? Target { get; set; }

    public void WebRtcUp(PluginHandle handle) => Target?.WebRtcUp(handle);

    public void MediaState(PluginHandle handle, string mid, string type, bool receiving, int? substream = null, int? seconds = null) =>
        Target?.MediaState(handle, mid, type, receiving, substream, seconds);

    public void SlowLink(PluginHandle handle, string mid, string media, bool uplink, int lost, int mindex, bool video) =>
        Target?.SlowLink(handle, mid, media, uplink, lost, mindex, video);

    public void HangupMedia(PluginHandle handle, string reason) => Target?.HangupMedia(handle, reason);

    public void IceFailed(PluginHandle handle) => Target?.IceFailed(handle);

    public void LocalCandidate(PluginHandle handle, System.Text.Json.Nodes.JsonObject? candidate) => Target?.LocalCandidate(handle, candidate);

}
