using System.Text.Json.Nodes;
using Janus.Core.Plugins;
using Janus.Host.Tests.Infrastructure;

namespace Janus.Host.Tests.Api;

public sealed class MediaIntegrationTests
{
    [Fact]
    public async Task Jsep_trickle_hangup_and_media_events_go_through_the_media_engine()
    {
        var media = new RecordingMediaEngine();
        (JanusServer server, _) = await TestServer.StartAsync(media: media);
        await using (server)
        {
            await using JanusWsClient ws = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            long session = await ws.CreateSessionAsync();
            long handle = await ws.AttachAsync(session);

            JsonObject sync = await ws.RequestAsync(new JsonObject
            {
                ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle,
                ["body"] = new JsonObject { ["request"] = "sync" }, ["jsep"] = new JsonObject { ["type"] = "offer", ["sdp"] = "v=0" },
            });
            Assert.Equal("success", sync["janus"]!.GetValue<string>());
            Assert.Contains("remote:offer", media.Calls);

            JsonObject bad = await ws.RequestAsync(new JsonObject
            {
                ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle,
                ["body"] = new JsonObject(), ["jsep"] = new JsonObject { ["type"] = "offer", ["sdp"] = "bad" },
            });
            Assert.Equal(465, bad["error"]!["code"]!.GetValue<int>());

            JsonObject trickle = await ws.RequestAsync(new JsonObject { ["janus"] = "trickle", ["session_id"] = session, ["handle_id"] = handle, ["candidate"] = new JsonObject { ["completed"] = true } });
            Assert.Equal("ack", trickle["janus"]!.GetValue<string>());
            JsonObject many = await ws.RequestAsync(new JsonObject { ["janus"] = "trickle", ["session_id"] = session, ["handle_id"] = handle, ["candidates"] = new JsonArray(new JsonObject { ["candidate"] = "a" }, new JsonObject { ["candidate"] = "b" }) });
            Assert.Equal("ack", many["janus"]!.GetValue<string>());
            Assert.Equal(3, media.Calls.Count(c => c.StartsWith("trickle:")));

            await ws.RequestAsync(new JsonObject { ["janus"] = "hangup", ["session_id"] = session, ["handle_id"] = handle });
            Assert.Contains("hangup:Janus API", media.Calls);

            // Plugin-side: a pushed JSEP is completed by the media engine; media events reach the client.
            PluginHandle ph = FindHandle(server, session, handle);
            // The handle got its media in the core on attach, before the plugin heard of it.
            Assert.NotNull(ph.Media);
            Assert.Equal("attach", media.Calls.First());
            int result = server.Core.Gateway.PushEvent(ph, "tx9", new JsonObject { ["ok"] = true }, new JsonObject { ["type"] = "answer", ["sdp"] = "v=0" });
            Assert.Equal(0, result);
            // The engine hears that the JSEP is out (so a full-trickle engine may trickle now), after preparing it.
            string[] calls = media.Calls.ToArray();
            Assert.Equal("local-sent", calls[^1]);
            Assert.Equal("local:answer", calls[^2]);
            Assert.Equal(0, server.Core.Gateway.PushEvent(ph, "tx8", new JsonObject { ["ok"] = true }, null));
            Assert.Equal("local-sent", media.Calls.ToArray()[^1]);
            Assert.Single(media.Calls, c => c == "local-sent"); // an event without a JSEP says nothing
            JsonObject evt = await ws.WaitForJanusAsync("event");
            Assert.Equal("v=0+ice", evt["jsep"]!["sdp"]!.GetValue<string>());
            Assert.Equal("tx9", evt["transaction"]!.GetValue<string>());

            server.Core.MediaEvents.WebRtcUp(ph);
            Assert.Equal(handle, (await ws.WaitForJanusAsync("webrtcup"))["sender"]!.GetValue<long>());
            server.Core.MediaEvents.MediaState(ph, "0", "audio", true);
            JsonObject mediaEvt = await ws.WaitForJanusAsync("media");
            Assert.Equal("audio", mediaEvt["type"]!.GetValue<string>());
            Assert.True(mediaEvt["receiving"]!.GetValue<bool>());
            server.Core.MediaEvents.SlowLink(ph, "1", "video", true, 12, 1, true);
            Assert.Equal(12, (await ws.WaitForJanusAsync("slowlink"))["lost"]!.GetValue<int>());
            server.Core.MediaEvents.IceFailed(ph);
            await ws.WaitForJanusAsync("ice-failed");
            server.Core.MediaEvents.LocalCandidate(ph, null);
            Assert.True((await ws.WaitForJanusAsync("trickle"))["candidate"]!["completed"]!.GetValue<bool>());
            server.Core.MediaEvents.HangupMedia(ph, "DTLS alert");
            Assert.Equal("DTLS alert", (await ws.WaitForJanusAsync("hangup"))["reason"]!.GetValue<string>());

            await using JanusWsClient admin = await JanusWsClient.ConnectAsync(server.AdminWebSocketPort, "janus-admin-protocol");
            JsonObject info = await admin.RequestAsync(new JsonObject { ["janus"] = "handle_info", ["admin_secret"] = "janusoverlord", ["session_id"] = session, ["handle_id"] = handle });
            // The core's members are merged into the handle's info, beside the session and plugin ones.
            Assert.Equal("test", info["info"]!["ice-mode"]!.GetValue<string>());
            Assert.Equal("test", info["info"]!["webrtc"]!["ice"]!.GetValue<string>());
            Assert.Equal(session, info["info"]!["session_id"]!.GetValue<long>());

            await ws.RequestAsync(new JsonObject { ["janus"] = "detach", ["session_id"] = session, ["handle_id"] = handle });
            await ws.WaitForJanusAsync("detached");
            Assert.Contains("release", media.Calls);
            Assert.Equal(JanusErrorCodeSessionNotFound, server.Core.Gateway.PushEvent(ph, null, new JsonObject(), null));
        }
    }

    private const int JanusErrorCodeSessionNotFound = 458;

    private static PluginHandle FindHandle(JanusServer server, long session, long handle)
        => server.Core.FindPluginHandle(session, handle) ?? throw new InvalidOperationException("handle not found");
}
