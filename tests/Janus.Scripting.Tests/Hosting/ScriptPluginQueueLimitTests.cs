using System.Text.Json.Nodes;
using Janus.Core.Plugins;
using Janus.Scripting.Hosting;
using Janus.Scripting.Tests.Infrastructure;
using Janus.Scripting.Tests.Lua;

namespace Janus.Scripting.Tests.Hosting;

/// <summary>A script plugin whose queue is full answers requests with an error instead of queueing them for ever.</summary>
public sealed class ScriptPluginQueueLimitTests
{
    [Fact]
    public async Task Message_to_a_plugin_with_a_full_queue_is_refused_and_later_ones_are_served()
    {
        var limits = ScriptLimits.Default with { QueueCapacity = 2 };
        await using ScriptFixture fixture = await ScriptFixture.StartAsync("probe.lua", LuaScripts.ApiProbe, limits);
        PluginHandle handle = await fixture.AttachAsync();

        using var gate = new ManualResetEventSlim();
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A lifecycle post that holds the plugin's thread, as a script stuck in a long call would.
        fixture.Proxy.PostToScript(_ =>
        {
            blocked.SetResult();
            gate.Wait();
        });
        await blocked.Task.WaitAsync(TimeSpan.FromSeconds(5));

        var body = new JsonObject { ["request"] = "sync" };
        ValueTask<PluginResult> first = fixture.Proxy.HandleMessageAsync(handle, "t1", body, null);
        ValueTask<PluginResult> second = fixture.Proxy.HandleMessageAsync(handle, "t2", body, null);
        PluginResult refused = await fixture.Proxy.HandleMessageAsync(handle, "t3", body, null);
        Assert.Equal(PluginResultKind.Error, refused.Kind);
        Assert.Contains("busy", refused.Text);

        gate.Set();
        Assert.Equal(PluginResultKind.Ok, (await first).Kind);
        Assert.Equal(PluginResultKind.Ok, (await second).Kind);
        Assert.Equal(PluginResultKind.Ok, (await fixture.Proxy.HandleMessageAsync(handle, "t4", body, null)).Kind);
    }
}
