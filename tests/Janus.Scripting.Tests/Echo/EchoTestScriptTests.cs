using Janus.Media.Rtp.Codecs;
using Janus.Media.Rtp;
using System.Text;
using System.Text.Json.Nodes;
using Janus.Core.Plugins;
using Janus.Scripting.Hosting;
using Janus.Scripting.Tests.Infrastructure;

namespace Janus.Scripting.Tests.Echo;

/// <summary>The shipped EchoTest scripts behave like Janus's EchoTest at the message level and echo media and data.</summary>
public sealed class EchoTestScriptTests
{
    private static readonly byte[] Rtp = [0x80, 0x60, 0x00, 0x01, 0, 0, 0, 1, 0, 0, 0, 2, 0xAA];

    public static TheoryData<string, string, string> Scripts => new()
    {
        { "lua/echotest.lua", "janus.plugin.echolua", "[echolua] " },
        { "js/echotest.js", "janus.plugin.echojs", "[echojs] " },
        { "csx/echotest.csx", "janus.plugin.echocsx", "[echocsx] " },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task AnOfferIsAnsweredWithAnOkEventAndMediaAndDataEchoBack(string script, string package, string prefix)
    {
        await using ScriptFixture fixture = await ScriptFixture.StartAsync(Path.GetFileName(script), await File.ReadAllTextAsync(Path.Combine(RepoPaths.Plugins, script)));
        Assert.Equal(package, fixture.Proxy.Descriptor.Package);
        FakeGateway gateway = fixture.Gateway;
        PluginHandle handle = await fixture.AttachAsync();

        var offer = new JsonObject { ["type"] = "offer", ["sdp"] = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n" };
        PluginResult result = await fixture.Proxy.HandleMessageAsync(handle, "t1", new JsonObject { ["audio"] = true, ["video"] = true }, offer);
        Assert.Equal(PluginResultKind.OkWait, result.Kind);
        gateway.WaitForEvents(1);
        var (eventHandle, transaction, message, jsep) = gateway.Events[0];
        Assert.Equal((handle, "t1"), (eventHandle, transaction));
        Assert.Equal(2, message.Count);
        Assert.Equal(("event", "ok"), (message["echotest"]!.GetValue<string>(), message["result"]!.GetValue<string>()));
        Assert.Equal("answer", jsep!["type"]!.GetValue<string>());
        Assert.StartsWith("v=0\r\ns=answer", jsep["sdp"]!.GetValue<string>());

        fixture.Proxy.SetupMedia(handle);
        var node = ScriptFixture.NodeOf(handle);
        await WaitAsync(() => node.Recipients.Length == 1);
        node.ReceiveRtp(Rtp.ToArray(), true, 0, -1, RtpVideoCodec.None, FrameLayers.Unknown);
        Assert.Equal(handle, gateway.Rtp.Single().Handle);

        node.PeerDataReady();
        node.ReceiveData("echo", null, false, "hello"u8);
        gateway.WaitForData(1);
        Assert.Equal(prefix + "hello", Encoding.UTF8.GetString(gateway.Data[0].Data));

        await fixture.Proxy.HandleMessageAsync(handle, "t2", new JsonObject { ["video"] = false, ["bitrate"] = 256000, ["keyframe"] = true }, null);
        gateway.WaitForEvents(2);
        node.ReceiveRtp(Rtp.ToArray(), true, 0, -1, RtpVideoCodec.None, FrameLayers.Unknown);
        node.ReceiveRtp(Rtp.ToArray(), false, 0, -1, RtpVideoCodec.None, FrameLayers.Unknown);
        Assert.Equal([true, false], gateway.Rtp.Select(r => r.Video));
        Assert.Equal(256000u, gateway.Rembs.Single().Bitrate);
        Assert.Contains(handle, gateway.Plis);

        string folder = Path.Combine(Path.GetTempPath(), "echo-record-" + Guid.NewGuid().ToString("N"));
        try
        {
            await fixture.Proxy.HandleMessageAsync(handle, "t3", new JsonObject { ["record"] = true, ["filename"] = folder + "/call" }, null);
            gateway.WaitForEvents(3);
            Assert.Equal("ok", gateway.Events[2].Message["result"]!.GetValue<string>());
            Assert.Equal(["call-audio.mjr", "call-data.mjr", "call-video.mjr"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
            node.ReceiveData("echo", null, false, "kept"u8);
            await fixture.Proxy.HandleMessageAsync(handle, "t4", new JsonObject { ["record"] = false }, null);
            gateway.WaitForEvents(4);
            Assert.False(node.Recorders.Active);
            Assert.Contains("kept", Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(folder, "call-data.mjr"))));
        }
        finally
        {
            node.Recorders.StopAll();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
