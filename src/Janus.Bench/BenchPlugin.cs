using System.Text.Json.Nodes;
using Janus.Core.Plugins;

namespace Janus.Bench;

/// <summary>The trivial plugin the bench server loads: answers every message synchronously.</summary>
internal sealed class BenchPlugin : IPlugin
{
    public const string PackageName = "janus.plugin.benchecho";

    public PluginDescriptor Descriptor { get; } = new(PackageName, "Bench echo", "Answers every message at once", "bench", 1, "0.0.1");
    public PluginMediaInterest MediaInterest => PluginMediaInterest.None;
    public ValueTask InitAsync(IPluginGateway gateway, PluginContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    public ValueTask DestroyAsync() => ValueTask.CompletedTask;
    public ValueTask CreateSessionAsync(PluginHandle handle) => ValueTask.CompletedTask;
    public ValueTask DestroySessionAsync(PluginHandle handle) => ValueTask.CompletedTask;
    public ValueTask<JsonObject?> QuerySessionAsync(PluginHandle handle) => ValueTask.FromResult<JsonObject?>(null);

    public ValueTask<PluginResult> HandleMessageAsync(PluginHandle handle, string transaction, JsonObject? body, JsonObject? jsep)
        => ValueTask.FromResult(PluginResult.Ok(new JsonObject { ["benchecho"] = "ok" }));

    public ValueTask<JsonObject?> HandleAdminMessageAsync(JsonObject message) => ValueTask.FromResult<JsonObject?>(null);
    public void SetupMedia(PluginHandle handle) { }
    public void HangupMedia(PluginHandle handle) { }
    public void IncomingRtp(PluginHandle handle, RtpPacket packet) { }
    public void IncomingRtcp(PluginHandle handle, RtcpPacket packet) { }
    public void IncomingData(PluginHandle handle, DataPacket packet) { }
    public void DataReady(PluginHandle handle) { }
    public void SlowLink(PluginHandle handle, int mindex, bool video, bool uplink) { }
}
