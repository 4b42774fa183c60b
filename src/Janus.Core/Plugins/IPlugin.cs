using System.Text.Json.Nodes;

namespace Janus.Core.Plugins;

/// <summary>
/// What the server calls on a plugin: Janus's <c>janus_plugin</c> struct, in C#.
/// Calls that answer something are asynchronous because script plugins run on their own queue.
/// Media callbacks return nothing and must not block: a plugin that needs time queues the work.
/// </summary>
public interface IPlugin
{
    PluginDescriptor Descriptor { get; }

    /// <summary>Starts the plugin. Throwing refuses the plugin (Janus: init &lt; 0).</summary>
    ValueTask InitAsync(IPluginGateway gateway, PluginContext context, CancellationToken cancellationToken = default);

    ValueTask DestroyAsync();

    /// <summary>A handle attached. Throwing <see cref="PluginException"/> answers the attach with error 461.</summary>
    ValueTask CreateSessionAsync(PluginHandle handle);

    /// <summary>A handle detached or its session went away.</summary>
    ValueTask DestroySessionAsync(PluginHandle handle);

    /// <summary>Plugin-specific state for the Admin API's <c>handle_info</c>.</summary>
    ValueTask<JsonObject?> QuerySessionAsync(PluginHandle handle);

    /// <summary>A client's <c>message</c>. <paramref name="jsep"/> has already been checked by the media core.</summary>
    ValueTask<PluginResult> HandleMessageAsync(PluginHandle handle, string transaction, JsonObject? body, JsonObject? jsep);

    /// <summary>The Admin API's <c>message_plugin</c>; null means the plugin does not take admin messages.</summary>
    ValueTask<JsonObject?> HandleAdminMessageAsync(JsonObject message);

    /// <summary>The PeerConnection is up (ICE and DTLS done).</summary>
    void SetupMedia(PluginHandle handle);

    /// <summary>The PeerConnection went away (hangup, DTLS alert, ICE failure, ...).</summary>
    void HangupMedia(PluginHandle handle);

    /// <summary>
    /// Which packets the plugin takes itself, per medium. The core hands it those (and the plugin relays them with
    /// <see cref="IHandleMedia"/>'s sends); everything else the core relays on its own along the handle's routes,
    /// without calling the plugin. Read per packet, so a plugin may change it (a script reload).
    /// </summary>
    PluginMediaInterest MediaInterest { get; }

    void IncomingRtp(PluginHandle handle, RtpPacket packet);
    void IncomingRtcp(PluginHandle handle, RtcpPacket packet);
    void IncomingData(PluginHandle handle, DataPacket packet);

    /// <summary>A data channel became writable (first open, and whenever buffers drain).</summary>
    void DataReady(PluginHandle handle);

    /// <summary>NACK-based loss warning, at most once a second per direction.</summary>
    void SlowLink(PluginHandle handle, int mindex, bool video, bool uplink);

    /// <summary>
    /// What the handle receives of a simulcast or SVC sender changed (a switch the handle asked for took effect on a
    /// keyframe). Called on the packet path: do not block.
    /// </summary>
    void VideoLayersChanged(PluginHandle handle, VideoLayerChange change, VideoLayerState layers)
    {
    }
}

/// <summary>The packets a plugin takes itself (Janus's plugins take all; ours only what they say).</summary>
[Flags]
public enum PluginMediaInterest
{
    None = 0,
    AudioRtp = 1,
    VideoRtp = 2,
    Rtp = AudioRtp | VideoRtp,
    Rtcp = 4,
    TextData = 8,
    BinaryData = 16,
    Data = TextData | BinaryData,
    All = Rtp | Rtcp | Data,
}

/// <summary>What a plugin gets at init: its configuration and where things live.</summary>
public sealed record PluginContext(
    /// <summary>The folder of configuration files (Janus's config_path).</summary>
    string ConfigFolder,
    /// <summary>The plugin's own <c>janus.plugin.NAME.jcfg</c>, as JSON (groups are objects), or null if there is none.</summary>
    JsonObject? Config,
    /// <summary>Path of that file, or null.</summary>
    string? ConfigFile);

/// <summary>Thrown by a plugin to refuse a request with a reason the client sees.</summary>
public sealed class PluginException(string message, int code = 0) : Exception(message)
{
    public int Code { get; } = code;
}
