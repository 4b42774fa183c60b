using System.Text.Json.Nodes;
using Janus.Core.Plugins;

namespace Janus.Host.Tests.Infrastructure;

/// <summary>
/// A plugin for tests: <c>{"request":"sync"}</c> is answered at once, <c>"async"</c> with an ack and then an
/// event, <c>"pushfirst"</c> pushes its event before answering with an ack, <c>"error"</c> refused (462),
/// <c>"refuseWithCode"</c> refused with 426, <c>"throw"</c> throws, <c>"end"</c> asks the core to detach the handle.
/// Attach with opaque_id <c>refuse</c> fails.
/// </summary>
internal sealed class TestEchoPlugin : IPlugin
{
    public const string PackageName = "janus.plugin.testecho";

    private IPluginGateway? _gateway;
    private int _live;

    public PluginDescriptor Descriptor { get; } = new(PackageName, "Test echo", "Echoes messages for tests", "tests", 1, "0.0.1");

    public PluginContext? Context { get; private set; }

    public int LiveSessions => Volatile.Read(ref _live);

    public int DestroyedSessions;

    /// <summary>Awaited by <c>pushfirst</c> after its event is pushed and before it returns its ack.</summary>
    public Func<Task>? AfterPushFirst { get; set; }

    public PluginMediaInterest MediaInterest => PluginMediaInterest.None;

    public ValueTask InitAsync(IPluginGateway gateway, PluginContext context, CancellationToken cancellationToken = default)
    {
        _gateway = gateway;
        Context = context;
        return ValueTask.CompletedTask;
    }

    public ValueTask DestroyAsync() => ValueTask.CompletedTask;

    public ValueTask CreateSessionAsync(PluginHandle handle)
    {
        if (handle.OpaqueId == "refuse")
        {
            throw new PluginException("refused by test", 7);
        }
        handle.PluginState = 0;
        Interlocked.Increment(ref _live);
        return ValueTask.CompletedTask;
    }

    public ValueTask DestroySessionAsync(PluginHandle handle)
    {
        Interlocked.Decrement(ref _live);
        Interlocked.Increment(ref DestroyedSessions);
        return ValueTask.CompletedTask;
    }

    public ValueTask<JsonObject?> QuerySessionAsync(PluginHandle handle)
        => ValueTask.FromResult<JsonObject?>(new JsonObject { ["messages"] = (int)(handle.PluginState ?? 0) });

    public async ValueTask<PluginResult> HandleMessageAsync(PluginHandle handle, string transaction, JsonObject? body, JsonObject? jsep)
    {
        handle.PluginState = (int)(handle.PluginState ?? 0) + 1;
        string? request = body?["request"]?.GetValue<string>();
        switch (request)
        {
            case "async":
                IPluginGateway gateway = _gateway!;
                _ = Task.Run(async () =>
                {
                    await Task.Delay(5);
                    gateway.PushEvent(handle, transaction, new JsonObject { ["echotest"] = "event", ["echo"] = body!.DeepClone() }, null);
                });
                return PluginResult.OkWait("working on it");
            case "pushfirst":
                // The worst case for ordering: the event is pushed before handleMessage has even returned its ack.
                _gateway!.PushEvent(handle, transaction, new JsonObject { ["echotest"] = "pushed first" }, null);
                if (AfterPushFirst is { } after)
                {
                    await after();
                }
                return PluginResult.OkWait(null);
            case "error":
                return PluginResult.Error("refused by the test plugin");
            case "refuseWithCode":
                return PluginResult.Error("no such room", 426);
            case "throw":
                throw new PluginException("thrown by the test plugin");
            case "end":
                _gateway!.EndSession(handle);
                return PluginResult.Ok(new JsonObject { ["echotest"] = "ending" });
            case "slow":
                await Task.Delay(50);
                return PluginResult.Ok(new JsonObject { ["echotest"] = "slow" });
            default:
                return PluginResult.Ok(new JsonObject { ["echotest"] = "response", ["echo"] = body?.DeepClone() });
        }
    }

    public ValueTask<JsonObject?> HandleAdminMessageAsync(JsonObject message)
        => ValueTask.FromResult<JsonObject?>(new JsonObject { ["admin"] = "ok", ["request"] = message.DeepClone() });

    public void SetupMedia(PluginHandle handle)
    {
    }

    public void HangupMedia(PluginHandle handle)
    {
    }

    public void IncomingRtp(PluginHandle handle, RtpPacket packet)
    {
    }

    public void IncomingRtcp(PluginHandle handle, RtcpPacket packet)
    {
    }

    public void IncomingData(PluginHandle handle, DataPacket packet)
    {
    }

    public void DataReady(PluginHandle handle)
    {
    }

    public void SlowLink(PluginHandle handle, int mindex, bool video, bool uplink)
    {
    }
}
