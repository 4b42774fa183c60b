using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Janus.Host.Tests.Infrastructure;

namespace Janus.Host.Tests.Api;

/// <summary>Random and mutated requests over both transports must leave the server working and its books balanced.</summary>
public sealed class FuzzTests
{
    private static readonly string[] Verbs = ["create", "attach", "message", "trickle", "detach", "destroy", "keepalive", "claim", "hangup", "info", "ping", "bogus"];

    private static string Mutate(Random random, string text)
    {
        var chars = new StringBuilder(text);
        int edits = random.Next(1, 4);
        for (int i = 0; i < edits && chars.Length > 0; i++)
        {
            int at = random.Next(chars.Length);
            switch (random.Next(3))
            {
                case 0: chars.Remove(at, 1); break;
                case 1: chars.Insert(at, (char)random.Next(32, 127)); break;
                default: chars[at] = (char)random.Next(0, 256); break;
            }
        }
        return chars.ToString();
    }

    private static JsonObject RandomRequest(Random random, long[] sessions, long[] handles)
    {
        var request = new JsonObject { ["janus"] = Verbs[random.Next(Verbs.Length)] };
        if (random.Next(10) > 0) request["transaction"] = "f" + random.Next();
        if (random.Next(2) == 0 && sessions.Length > 0) request["session_id"] = sessions[random.Next(sessions.Length)];
        if (random.Next(3) == 0 && handles.Length > 0) request["handle_id"] = handles[random.Next(handles.Length)];
        if (random.Next(4) == 0) request["session_id"] = random.NextInt64();
        if (random.Next(2) == 0) request["plugin"] = random.Next(2) == 0 ? TestEchoPlugin.PackageName : "x";
        if (random.Next(2) == 0) request["body"] = random.Next(3) == 0 ? JsonValue.Create(5) : new JsonObject { ["request"] = random.Next(2) == 0 ? "sync" : "async" };
        if (random.Next(5) == 0) request["jsep"] = new JsonObject { ["type"] = "offer", ["sdp"] = "v=0" };
        if (random.Next(5) == 0) request["candidates"] = new JsonArray(new JsonObject { ["candidate"] = "x" });
        return request;
    }

    [Fact]
    public async Task Thousands_of_random_requests_leave_the_server_consistent()
    {
        (JanusServer server, TestEchoPlugin plugin) = await TestServer.StartAsync();
        await using (server)
        {
            var random = new Random(1234);
            await using (JanusWsClient ws = await JanusWsClient.ConnectAsync(server.WebSocketPort))
            using (var http = new JanusHttpClient(server.HttpPort))
            {
                long session = await ws.CreateSessionAsync();
                long handle = await ws.AttachAsync(session);
                long[] sessions = [session];
                long[] handles = [handle];
                for (int i = 0; i < 3000; i++)
                {
                    string text = RandomRequest(random, sessions, handles).ToJsonString();
                    if (random.Next(2) == 0)
                    {
                        text = Mutate(random, text);
                    }
                    if (random.Next(10) == 0)
                    {
                        byte[] junk = new byte[random.Next(1, 64)];
                        random.NextBytes(junk);
                        await ws.SendBinaryAsync(junk);
                    }
                    else
                    {
                        await ws.SendRawAsync(text);
                    }
                    if (i % 5 == 0)
                    {
                        using HttpResponseMessage response = await http.Http.PostAsync(random.Next(2) == 0 ? "/janus" : $"/janus/{session}/{handle}",
                            new StringContent(Mutate(random, text), Encoding.UTF8));
                        Assert.True((int)response.StatusCode < 500);
                    }
                }
                // The connection still answers, in order, after the storm.
                JsonObject pong = await ws.RequestAsync(new JsonObject { ["janus"] = "ping", ["transaction"] = "final" }, 20000);
                Assert.Equal("pong", pong["janus"]!.GetValue<string>());
                Assert.Equal(WebSocketState.Open, ws.State);
            }

            // WebSocket sessions went with the socket; sessions the fuzz created over HTTP are destroyed through
            // the Admin API, and then every counter must be back to zero.
            await using (JanusWsClient admin = await JanusWsClient.ConnectAsync(server.AdminWebSocketPort, "janus-admin-protocol"))
            {
                await Task.Delay(300);
                JsonObject list = await admin.RequestAsync(new JsonObject { ["janus"] = "list_sessions", ["admin_secret"] = "janusoverlord" });
                foreach (JsonNode? id in list["sessions"]!.AsArray())
                {
                    await admin.RequestAsync(new JsonObject { ["janus"] = "destroy_session", ["admin_secret"] = "janusoverlord", ["session_id"] = id!.GetValue<long>() });
                }
            }
            await TestServer.WaitUntilAsync(() => server.Core.SessionCount == 0 && server.Core.HandleCount == 0 && plugin.LiveSessions == 0, 10000);

            await using JanusWsClient fresh = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            long s = await fresh.CreateSessionAsync();
            long h = await fresh.AttachAsync(s);
            JsonObject reply = await fresh.RequestAsync(new JsonObject { ["janus"] = "message", ["session_id"] = s, ["handle_id"] = h, ["body"] = new JsonObject { ["request"] = "sync" } });
            Assert.Equal("success", reply["janus"]!.GetValue<string>());
        }
    }
}
