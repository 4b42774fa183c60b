using System.Text.Json.Nodes;
using Janus.Core.Plugins;

namespace Janus.Media.Tests.Relay.Infrastructure;

/// <summary>A plugin that takes the packets it is told to and keeps what the relay tells it.</summary>
internal sealed class ListeningPlugin : IPlugin
{
    public PluginMediaInterest Interest { get; set; }
    public List<(bool Video, int MIndex, int Substream, VideoCodec Codec)> Rtp { get; } = [];
    public List<string> Data { get; } = [];
    public List<(VideoLayerChange Change, VideoLayerState Layers)> LayerChanges { get; } = [];
    public int DataReadyCalls;

    public PluginDescriptor Descriptor { get; } = new("janus.plugin.listening", "listening", "", "", 1, "1");
    public PluginMediaInterest MediaInterest => Interest;

    public ValueTask InitAsync(IPluginGateway gateway, PluginContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    public ValueTask DestroyAsync() => ValueTask.CompletedTask;
    public ValueTask CreateSessionAsync(PluginHandle handle) => ValueTask.CompletedTask;
    public ValueTask DestroySessionAsync(PluginHandle handle) => ValueTask.CompletedTask;
    public ValueTask<JsonObject?> QuerySessionAsync(PluginHandle handle) => ValueTask.FromResult<JsonObject?>(null);
    public ValueTask<PluginResult> HandleMessageAsync(PluginHandle handle, string transaction, JsonObject? body, JsonObject? jsep) => ValueTask.FromResult(PluginResult.OkWait());
    public ValueTask<JsonObject?> HandleAdminMessageAsync(JsonObject message) => ValueTask.FromResult<JsonObject?>(null);
    public void SetupMedia(PluginHandle handle) { }
    public void HangupMedia(PluginHandle handle) { }
    public void IncomingRtp(PluginHandle handle, RtpPacket packet) => Rtp.Add((packet.Video, packet.MIndex, packet.Substream, packet.Codec));
    public void IncomingRtcp(PluginHandle handle, RtcpPacket packet) { }
    public void IncomingData(PluginHandle handle, DataPacket packet) => Data.Add(System.Text.Encoding.UTF8.GetString(packet.Buffer));
    public void DataReady(PluginHandle handle) => DataReadyCalls++;
    public void SlowLink(PluginHandle handle, int mindex, bool video, bool uplink) { }
    public void VideoLayersChanged(PluginHandle handle, VideoLayerChange change, VideoLayerState layers) => LayerChanges.Add((change, layers));
}
