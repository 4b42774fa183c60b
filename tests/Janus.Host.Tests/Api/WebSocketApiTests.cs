using System.Text.Json.Nodes;
using Janus.Host.Tests.Infrastructure;

namespace Janus.Host.Tests.Api;

public sealed class WebSocketApiTests : IAsyncLifetime
{
    private JanusServer _server = null!;
    private TestEchoPlugin _plugin = null!;
    private JanusWsClient _ws = null!;

    public async Task InitializeAsync()
    {
        (_server, _plugin) = await TestServer.StartAsync();
        _ws = await JanusWsClient.ConnectAsync(_server.WebSocketPort);
    }

    public async Task DisposeAsync()
    {
        await _ws.DisposeAsync();
        await _server.DisposeAsync();
    }

    private static string Janus(JsonObject m) => m["janus"]!.GetValue<string>();
    private static int Code(JsonObject m) => m["error"]!["code"]!.GetValue<int>();
    private static string Reason(JsonObject m) => m["error"]!["reason"]!.GetValue<string>();

    [Fact]
    public async Task Info_lists_server_transports_and_plugins()
    {
        JsonObject info = await _ws.RequestAsync(new JsonObject { ["janus"] = "info", ["transaction"] = "abc" });
        Assert.Equal("server_info", Janus(info));
        Assert.Equal("abc", info["transaction"]!.GetValue<string>());
        Assert.Equal(1402, info["version"]!.GetValue<int>());
        Assert.Equal("1.4.2", info["version_string"]!.GetValue<string>());
        Assert.False(info["data_channels"]!.GetValue<bool>());
        JsonObject plugin = info["plugins"]![TestEchoPlugin.PackageName]!.AsObject();
        Assert.Equal("Test echo", plugin["name"]!.GetValue<string>());
        Assert.Equal("0.0.1", plugin["version_string"]!.GetValue<string>());
        Assert.Equal(1, plugin["version"]!.GetValue<int>());
        Assert.NotNull(info["transports"]!["janus.transport.websockets"]);
        Assert.NotNull(info["transports"]!["janus.transport.http"]);
    }

    [Fact]
    public async Task Ping_answers_pong()
    {
        JsonObject pong = await _ws.RequestAsync(new JsonObject { ["janus"] = "ping" });
        Assert.Equal("pong", Janus(pong));
    }

    [Fact]
    public async Task Session_handle_and_messages_follow_the_Janus_flow()
    {
        long session = await _ws.CreateSessionAsync();
        Assert.InRange(session, 1, (1L << 53) - 1);
        long handle = await _ws.AttachAsync(session);
        Assert.Equal(1, _server.Core.HandleCount);

        JsonObject sync = await _ws.RequestAsync(new JsonObject
        {
            ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["body"] = new JsonObject { ["request"] = "sync", ["n"] = 1 },
        });
        Assert.Equal("success", Janus(sync));
        Assert.Equal(handle, sync["sender"]!.GetValue<long>());
        Assert.Equal(TestEchoPlugin.PackageName, sync["plugindata"]!["plugin"]!.GetValue<string>());
        Assert.Equal(1, sync["plugindata"]!["data"]!["echo"]!["n"]!.GetValue<int>());

        JsonObject ack = await _ws.RequestAsync(new JsonObject
        {
            ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["transaction"] = "async1", ["body"] = new JsonObject { ["request"] = "async" },
        });
        Assert.Equal("ack", Janus(ack));
        Assert.Equal("working on it", ack["hint"]!.GetValue<string>());
        JsonObject evt = await _ws.WaitForJanusAsync("event");
        Assert.Equal("async1", evt["transaction"]!.GetValue<string>());
        Assert.Equal(session, evt["session_id"]!.GetValue<long>());
        Assert.Equal(handle, evt["sender"]!.GetValue<long>());
        Assert.Equal("event", evt["plugindata"]!["data"]!["echotest"]!.GetValue<string>());

        JsonObject keepalive = await _ws.RequestAsync(new JsonObject { ["janus"] = "keepalive", ["session_id"] = session });
        Assert.Equal("ack", Janus(keepalive));

        JsonObject hangup = await _ws.RequestAsync(new JsonObject { ["janus"] = "hangup", ["session_id"] = session, ["handle_id"] = handle });
        Assert.Equal("success", Janus(hangup));

        JsonObject detach = await _ws.RequestAsync(new JsonObject { ["janus"] = "detach", ["session_id"] = session, ["handle_id"] = handle });
        Assert.Equal("success", Janus(detach));
        JsonObject detached = await _ws.WaitForJanusAsync("detached");
        Assert.Equal(handle, detached["sender"]!.GetValue<long>());
        Assert.Equal(0, _plugin.LiveSessions);

        JsonObject destroy = await _ws.RequestAsync(new JsonObject { ["janus"] = "destroy", ["session_id"] = session });
        Assert.Equal("success", Janus(destroy));
        Assert.Equal(0, _server.Core.SessionCount);
    }

    [Fact]
    public async Task Destroy_detaches_every_handle_of_the_session()
    {
        long session = await _ws.CreateSessionAsync();
        await _ws.AttachAsync(session);
        await _ws.AttachAsync(session);
        Assert.Equal(2, _plugin.LiveSessions);
        await _ws.RequestAsync(new JsonObject { ["janus"] = "destroy", ["session_id"] = session });
        Assert.Equal(0, _server.Core.HandleCount);
        await TestServer.WaitUntilAsync(() => _plugin.LiveSessions == 0);
    }

    [Fact]
    public async Task Create_with_an_id_uses_it_and_refuses_a_taken_one()
    {
        JsonObject first = await _ws.RequestAsync(new JsonObject { ["janus"] = "create", ["id"] = 1234567 });
        Assert.Equal(1234567, first["data"]!["id"]!.GetValue<long>());
        JsonObject second = await _ws.RequestAsync(new JsonObject { ["janus"] = "create", ["id"] = 1234567 });
        Assert.Equal(468, Code(second));
        Assert.Equal("Session ID already in use", Reason(second));
    }

    [Fact]
    public async Task Plugin_ending_a_session_detaches_the_handle()
    {
        long session = await _ws.CreateSessionAsync();
        long handle = await _ws.AttachAsync(session);
        await _ws.RequestAsync(new JsonObject { ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["body"] = new JsonObject { ["request"] = "end" } });
        JsonObject detached = await _ws.WaitForJanusAsync("detached");
        Assert.Equal(handle, detached["sender"]!.GetValue<long>());
        Assert.Equal(0, _server.Core.HandleCount);
    }

    [Theory]
    [InlineData("{\"janus\":\"info\"}", 456, "Missing mandatory element (transaction)")]
    [InlineData("{\"transaction\":\"t\"}", 456, "Missing mandatory element (janus)")]
    [InlineData("{\"janus\":\"info\",\"transaction\":5}", 467, "Invalid element type (transaction should be a string)")]
    [InlineData("{\"janus\":7,\"transaction\":\"t\"}", 467, "Invalid element type (janus should be a string)")]
    [InlineData("{\"janus\":\"create\",\"transaction\":\"t\",\"id\":-3}", 467, "Invalid element type (id should be a positive integer)")]
    [InlineData("{\"janus\":\"keepalive\",\"transaction\":\"t\"}", 457, "Unhandled request 'keepalive' at this path")]
    [InlineData("{\"janus\":\"keepalive\",\"transaction\":\"t\",\"session_id\":42}", 458, "No such session 42")]
    [InlineData("[1,2,3]", 456, "Missing mandatory element (transaction)")]
    public async Task Malformed_requests_get_Janus_errors(string request, int code, string reason)
    {
        await _ws.SendRawAsync(request);
        JsonObject error = await _ws.WaitForJanusAsync("error");
        Assert.Equal(code, Code(error));
        Assert.Equal(reason, Reason(error));
    }

    [Fact]
    public async Task Invalid_json_gets_454_and_the_connection_keeps_working()
    {
        await _ws.SendRawAsync("{\"janus\": \"info\", ");
        JsonObject error = await _ws.WaitForJanusAsync("error");
        Assert.Equal(454, Code(error));
        Assert.StartsWith("Invalid Janus API request", Reason(error));
        await _ws.SendBinaryAsync([0xff, 0x00, 0x13, 0x37, 0xc3]);
        Assert.Equal(454, Code(await _ws.WaitForJanusAsync("error")));
        Assert.Equal("pong", Janus(await _ws.RequestAsync(new JsonObject { ["janus"] = "ping" })));
    }

    [Fact]
    public async Task Several_requests_in_one_frame_are_all_answered()
    {
        await _ws.SendRawAsync("{\"janus\":\"ping\",\"transaction\":\"a\"} {\"janus\":\"ping\",\"transaction\":\"b\"}\n");
        await _ws.WaitForAsync(m => m["transaction"]?.GetValue<string>() == "a");
        await _ws.WaitForAsync(m => m["transaction"]?.GetValue<string>() == "b");
    }

    [Fact]
    public async Task Request_errors_at_session_and_handle_level_match_Janus()
    {
        long session = await _ws.CreateSessionAsync();
        long handle = await _ws.AttachAsync(session);
        async Task<JsonObject> Send(JsonObject r) => await _ws.RequestAsync(r);

        JsonObject unknown = await Send(new JsonObject { ["janus"] = "frobnicate", ["session_id"] = session });
        Assert.Equal(453, Code(unknown));
        Assert.Equal("Unknown request 'frobnicate'", Reason(unknown));

        JsonObject noPlugin = await Send(new JsonObject { ["janus"] = "attach", ["session_id"] = session, ["plugin"] = "janus.plugin.nope" });
        Assert.Equal(460, Code(noPlugin));
        Assert.Equal("No such plugin 'janus.plugin.nope'", Reason(noPlugin));

        JsonObject missingPlugin = await Send(new JsonObject { ["janus"] = "attach", ["session_id"] = session });
        Assert.Equal(456, Code(missingPlugin));
        Assert.Equal("Missing mandatory element (plugin)", Reason(missingPlugin));

        JsonObject refused = await Send(new JsonObject { ["janus"] = "attach", ["session_id"] = session, ["plugin"] = TestEchoPlugin.PackageName, ["opaque_id"] = "refuse" });
        Assert.Equal(461, Code(refused));
        Assert.Equal(1, _server.Core.HandleCount);

        JsonObject attachAtHandle = await Send(new JsonObject { ["janus"] = "attach", ["session_id"] = session, ["handle_id"] = handle, ["plugin"] = TestEchoPlugin.PackageName });
        Assert.Equal(457, Code(attachAtHandle));

        JsonObject messageAtSession = await Send(new JsonObject { ["janus"] = "message", ["session_id"] = session, ["body"] = new JsonObject() });
        Assert.Equal(457, Code(messageAtSession));
        Assert.Equal("Unhandled request 'message' at this path", Reason(messageAtSession));

        JsonObject noHandle = await Send(new JsonObject { ["janus"] = "message", ["session_id"] = session, ["handle_id"] = 99, ["body"] = new JsonObject() });
        Assert.Equal(459, Code(noHandle));
        Assert.Equal($"No such handle 99 in session {session}", Reason(noHandle));

        JsonObject noBody = await Send(new JsonObject { ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle });
        Assert.Equal(456, Code(noBody));
        Assert.Equal("Missing mandatory element (body)", Reason(noBody));

        JsonObject badBody = await Send(new JsonObject { ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["body"] = "text" });
        Assert.Equal(467, Code(badBody));
        Assert.Equal("Invalid element type (body should be an object)", Reason(badBody));

        JsonObject pluginError = await Send(new JsonObject { ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["body"] = new JsonObject { ["request"] = "error" } });
        Assert.Equal(462, Code(pluginError));
        Assert.Equal("refused by the test plugin", Reason(pluginError));

        // A plugin's refusal reaches the client with the code the plugin chose (as Janus's plugins' own error codes).
        JsonObject pluginRefusal = await Send(new JsonObject { ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["body"] = new JsonObject { ["request"] = "refuseWithCode" } });
        Assert.Equal((426, "no such room"), (Code(pluginRefusal), Reason(pluginRefusal)));

        JsonObject pluginThrow = await Send(new JsonObject { ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["body"] = new JsonObject { ["request"] = "throw" } });
        Assert.Equal(462, Code(pluginThrow));

        JsonObject badJsep = await Send(new JsonObject { ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["body"] = new JsonObject(), ["jsep"] = 3 });
        Assert.Equal(455, Code(badJsep));
        Assert.Equal("Invalid jsep object", Reason(badJsep));

        JsonObject jsepNoSdp = await Send(new JsonObject { ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["body"] = new JsonObject(), ["jsep"] = new JsonObject { ["type"] = "offer" } });
        Assert.Equal(456, Code(jsepNoSdp));
        Assert.Equal("JSEP error: missing mandatory element (sdp)", Reason(jsepNoSdp));

        JsonObject jsepType = await Send(new JsonObject { ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["body"] = new JsonObject(), ["jsep"] = new JsonObject { ["type"] = "pranswer", ["sdp"] = "v=0" } });
        Assert.Equal(464, Code(jsepType));
        Assert.Equal("JSEP error: unknown message type 'pranswer'", Reason(jsepType));

        // No media engine in this server: a real offer cannot be negotiated, and we say so.
        JsonObject noMedia = await Send(new JsonObject { ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["body"] = new JsonObject(), ["jsep"] = new JsonObject { ["type"] = "offer", ["sdp"] = "v=0" } });
        Assert.Equal(471, Code(noMedia));

        JsonObject trickleNothing = await Send(new JsonObject { ["janus"] = "trickle", ["session_id"] = session, ["handle_id"] = handle });
        Assert.Equal(456, Code(trickleNothing));
        Assert.Equal("Missing mandatory element (candidate|candidates)", Reason(trickleNothing));

        JsonObject trickleBoth = await Send(new JsonObject { ["janus"] = "trickle", ["session_id"] = session, ["handle_id"] = handle, ["candidate"] = new JsonObject(), ["candidates"] = new JsonArray() });
        Assert.Equal(454, Code(trickleBoth));
        Assert.Equal("Can't have both candidate and candidates", Reason(trickleBoth));

        JsonObject trickleNotArray = await Send(new JsonObject { ["janus"] = "trickle", ["session_id"] = session, ["handle_id"] = handle, ["candidates"] = 5 });
        Assert.Equal(467, Code(trickleNotArray));

        JsonObject detachSession = await Send(new JsonObject { ["janus"] = "detach", ["session_id"] = session });
        Assert.Equal(457, Code(detachSession));

        JsonObject zeroHandle = await Send(new JsonObject { ["janus"] = "detach", ["session_id"] = session, ["handle_id"] = 0 });
        Assert.Equal(459, Code(zeroHandle));
    }

    [Fact]
    public async Task Closing_the_socket_destroys_its_sessions()
    {
        long session = await _ws.CreateSessionAsync();
        await _ws.AttachAsync(session);
        await _ws.CloseAsync();
        await TestServer.WaitUntilAsync(() => _server.Core.SessionCount == 0 && _server.Core.HandleCount == 0 && _plugin.LiveSessions == 0);
    }

    [Fact]
    public async Task Connection_without_the_janus_subprotocol_is_refused()
    {
        await Assert.ThrowsAnyAsync<System.Net.WebSockets.WebSocketException>(() => JanusWsClient.ConnectAsync(_server.WebSocketPort, "chat"));
    }

    [Fact]
    public async Task Oversized_message_closes_the_connection_and_the_server_stays_up()
    {
        await _server.DisposeAsync();
        (_server, _plugin) = await TestServer.StartAsync(o => o.WebSockets.MaxMessageBytes = 1000);
        await using JanusWsClient ws = await JanusWsClient.ConnectAsync(_server.WebSocketPort);
        await ws.SendRawAsync("{\"janus\":\"ping\",\"transaction\":\"" + new string('x', 5000) + "\"}");
        await TestServer.WaitUntilAsync(() => ws.State != System.Net.WebSockets.WebSocketState.Open);
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.MessageTooBig, ws.CloseStatus);
        await using JanusWsClient again = await JanusWsClient.ConnectAsync(_server.WebSocketPort);
        Assert.Equal("pong", Janus(await again.RequestAsync(new JsonObject { ["janus"] = "ping" })));
        _ws = await JanusWsClient.ConnectAsync(_server.WebSocketPort);
    }
}
