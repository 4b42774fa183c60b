using System.Net;
using System.Text.Json.Nodes;
using Janus.Core.Api;
using Janus.Core.Configuration;
using Janus.Host.Tests.Infrastructure;

namespace Janus.Host.Tests.Api;

/// <summary>
/// session_token_binding (beyond Janus): with token auth on, a session answers only the token that created it, so a
/// client holding another valid token can neither use nor claim it; turned off, any valid token may (as in Janus).
/// </summary>
public sealed class SessionTokenBindingTests
{
    private const string HmacSecret = "hmac-secret";

    // Two tokens, both valid for the core and the test plugin: they differ only in expiry.
    private static readonly string Owner = TokenAuthenticator.Sign(HmacSecret, DateTimeOffset.UtcNow.AddMinutes(5), "janus", TestEchoPlugin.PackageName);
    private static readonly string Other = TokenAuthenticator.Sign(HmacSecret, DateTimeOffset.UtcNow.AddMinutes(6), "janus", TestEchoPlugin.PackageName);

    private static Task<(JanusServer Server, TestEchoPlugin Plugin)> StartAsync(Action<ServerOptions>? more = null)
        => TestServer.StartAsync(o =>
        {
            o.TokenAuth = true;
            o.TokenAuthSecret = HmacSecret;
            more?.Invoke(o);
        }, new JanusServerSettings { LongPollTimeout = TimeSpan.FromMilliseconds(100), SessionWatchdogInterval = TimeSpan.FromMilliseconds(100) });

    private static JsonObject Request(string janus, long session, string token, long handle = 0)
    {
        var request = new JsonObject { ["janus"] = janus, ["session_id"] = session, ["token"] = token };
        if (handle != 0)
        {
            request["handle_id"] = handle;
        }
        return request;
    }

    private static int ErrorCode(JsonObject reply) => reply["error"]?["code"]?.GetValue<int>() ?? 0;

    [Fact]
    public async Task Another_valid_token_cannot_use_or_claim_a_session_over_websocket()
    {
        (JanusServer server, _) = await StartAsync();
        await using (server)
        {
            await using JanusWsClient creator = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            await using JanusWsClient intruder = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            long session = (await creator.RequestAsync(new JsonObject { ["janus"] = "create", ["token"] = Owner }))["data"]!["id"]!.GetValue<long>();
            JsonObject attachRequest = Request("attach", session, Owner);
            attachRequest["plugin"] = TestEchoPlugin.PackageName;
            long handle = (await creator.RequestAsync(attachRequest))["data"]!["id"]!.GetValue<long>();

            Assert.Equal(403, ErrorCode(await intruder.RequestAsync(Request("keepalive", session, Other))));
            Assert.Equal(403, ErrorCode(await intruder.RequestAsync(Request("claim", session, Other))));
            JsonObject attach = Request("attach", session, Other);
            attach["plugin"] = TestEchoPlugin.PackageName;
            Assert.Equal(403, ErrorCode(await intruder.RequestAsync(attach)));
            JsonObject message = Request("message", session, Other, handle);
            message["body"] = new JsonObject { ["audio"] = true };
            Assert.Equal(403, ErrorCode(await intruder.RequestAsync(message)));
            Assert.Equal(403, ErrorCode(await intruder.RequestAsync(Request("detach", session, Other, handle))));
            JsonObject refused = await intruder.RequestAsync(Request("destroy", session, Other));
            Assert.Equal(403, ErrorCode(refused));
            Assert.Equal("Unauthorized request (wrong or missing secret/token)", refused["error"]!["reason"]!.GetValue<string>());

            // Nothing the intruder sent took effect: the session and its handle are still the creator's.
            Assert.Equal(1, server.Core.SessionCount);
            Assert.Equal("ack", (await creator.RequestAsync(Request("keepalive", session, Owner)))["janus"]!.GetValue<string>());
            Assert.Equal("success", (await creator.RequestAsync(Request("hangup", session, Owner, handle)))["janus"]!.GetValue<string>());

            // The creator's token may still move its own session to another connection.
            Assert.Equal("success", (await intruder.RequestAsync(Request("claim", session, Owner)))["janus"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Another_valid_token_cannot_long_poll_or_post_on_a_session_over_http()
    {
        (JanusServer server, _) = await StartAsync();
        await using (server)
        {
            using var http = new JanusHttpClient(server.HttpPort);
            long session = (await http.PostAsync("/janus", new JsonObject { ["janus"] = "create", ["token"] = Owner }))["data"]!["id"]!.GetValue<long>();

            using (HttpResponseMessage poll = await http.Http.GetAsync($"/janus/{session}?token={Uri.EscapeDataString(Other)}"))
            {
                Assert.Equal(HttpStatusCode.Forbidden, poll.StatusCode);
            }
            JsonObject post = (JsonObject)await http.PostAsync($"/janus/{session}", new JsonObject { ["janus"] = "keepalive", ["token"] = Other });
            Assert.Equal(403, ErrorCode(post));

            JsonNode own = await http.GetAsync($"/janus/{session}?token={Uri.EscapeDataString(Owner)}");
            Assert.Equal("keepalive", own["janus"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task With_binding_off_any_valid_token_may_use_and_claim_a_session_as_in_janus()
    {
        (JanusServer server, _) = await StartAsync(o => o.SessionTokenBinding = false);
        await using (server)
        {
            await using JanusWsClient creator = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            await using JanusWsClient other = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            long session = (await creator.RequestAsync(new JsonObject { ["janus"] = "create", ["token"] = Owner }))["data"]!["id"]!.GetValue<long>();

            Assert.Equal("ack", (await other.RequestAsync(Request("keepalive", session, Other)))["janus"]!.GetValue<string>());
            JsonObject attach = Request("attach", session, Other);
            attach["plugin"] = TestEchoPlugin.PackageName;
            Assert.Equal("success", (await other.RequestAsync(attach))["janus"]!.GetValue<string>());
            Assert.Equal("success", (await other.RequestAsync(Request("claim", session, Other)))["janus"]!.GetValue<string>());

            using var http = new JanusHttpClient(server.HttpPort);
            long httpSession = (await http.PostAsync("/janus", new JsonObject { ["janus"] = "create", ["token"] = Owner }))["data"]!["id"]!.GetValue<long>();
            JsonNode poll = await http.GetAsync($"/janus/{httpSession}?token={Uri.EscapeDataString(Other)}");
            Assert.Equal("keepalive", poll["janus"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task The_api_secret_passes_on_any_session_and_a_session_it_created_answers_no_token()
    {
        (JanusServer server, _) = await StartAsync(o => o.ApiSecret = "api");
        await using (server)
        {
            await using JanusWsClient ws = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            long tokenSession = (await ws.RequestAsync(new JsonObject { ["janus"] = "create", ["token"] = Owner }))["data"]!["id"]!.GetValue<long>();
            var bySecret = new JsonObject { ["janus"] = "keepalive", ["session_id"] = tokenSession, ["apisecret"] = "api" };
            Assert.Equal("ack", (await ws.RequestAsync(bySecret))["janus"]!.GetValue<string>());

            long secretSession = (await ws.RequestAsync(new JsonObject { ["janus"] = "create", ["apisecret"] = "api" }))["data"]!["id"]!.GetValue<long>();
            Assert.Equal(403, ErrorCode(await ws.RequestAsync(Request("keepalive", secretSession, Other))));
            var secretAgain = new JsonObject { ["janus"] = "keepalive", ["session_id"] = secretSession, ["apisecret"] = "api" };
            Assert.Equal("ack", (await ws.RequestAsync(secretAgain))["janus"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task With_the_api_secret_alone_any_connection_may_use_a_session_as_in_janus()
    {
        (JanusServer server, _) = await TestServer.StartAsync(o => o.ApiSecret = "api");
        await using (server)
        {
            await using JanusWsClient creator = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            await using JanusWsClient other = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            long session = (await creator.RequestAsync(new JsonObject { ["janus"] = "create", ["apisecret"] = "api" }))["data"]!["id"]!.GetValue<long>();
            var claim = new JsonObject { ["janus"] = "claim", ["session_id"] = session, ["apisecret"] = "api" };
            Assert.Equal("success", (await other.RequestAsync(claim))["janus"]!.GetValue<string>());
        }
    }
}
