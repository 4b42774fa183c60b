using System.Text.Json.Nodes;
using Janus.Core.Api;
using Janus.Host.Tests.Infrastructure;

namespace Janus.Host.Tests.Api;

public sealed class TokenAuthTests
{
    private static JsonObject WithSecret(JsonObject request)
    {
        request["admin_secret"] = "janusoverlord";
        return request;
    }

    [Fact]
    public async Task Stored_tokens_are_managed_through_the_admin_api()
    {
        (JanusServer server, _) = await TestServer.StartAsync(o => o.TokenAuth = true);
        await using (server)
        {
            await using JanusWsClient admin = await JanusWsClient.ConnectAsync(server.AdminWebSocketPort, "janus-admin-protocol");
            await using JanusWsClient ws = await JanusWsClient.ConnectAsync(server.WebSocketPort);

            JsonObject noToken = await ws.RequestAsync(new JsonObject { ["janus"] = "create" });
            Assert.Equal(403, noToken["error"]!["code"]!.GetValue<int>());

            JsonObject added = await admin.RequestAsync(WithSecret(new JsonObject { ["janus"] = "add_token", ["token"] = "tok1", ["plugins"] = new JsonArray(TestEchoPlugin.PackageName) }));
            Assert.Equal(TestEchoPlugin.PackageName, added["data"]!["plugins"]![0]!.GetValue<string>());
            await admin.RequestAsync(WithSecret(new JsonObject { ["janus"] = "add_token", ["token"] = "tok2", ["plugins"] = new JsonArray("janus.plugin.unknown") }));

            JsonObject created = await ws.RequestAsync(new JsonObject { ["janus"] = "create", ["token"] = "tok2" });
            long session = created["data"]!["id"]!.GetValue<long>();
            JsonObject forbidden = await ws.RequestAsync(new JsonObject { ["janus"] = "attach", ["session_id"] = session, ["token"] = "tok2", ["plugin"] = TestEchoPlugin.PackageName });
            Assert.Equal(405, forbidden["error"]!["code"]!.GetValue<int>());
            Assert.Equal($"Provided token can't access plugin '{TestEchoPlugin.PackageName}'", forbidden["error"]!["reason"]!.GetValue<string>());
            // Sessions are bound to their creator's token (session_token_binding), so tok1 attaches on a session of its own.
            long tok1Session = (await ws.RequestAsync(new JsonObject { ["janus"] = "create", ["token"] = "tok1" }))["data"]!["id"]!.GetValue<long>();
            JsonObject attached = await ws.RequestAsync(new JsonObject { ["janus"] = "attach", ["session_id"] = tok1Session, ["token"] = "tok1", ["plugin"] = TestEchoPlugin.PackageName });
            Assert.Equal("success", attached["janus"]!.GetValue<string>());

            JsonObject list = await admin.RequestAsync(WithSecret(new JsonObject { ["janus"] = "list_tokens" }));
            JsonArray tokens = list["data"]!["tokens"]!.AsArray();
            Assert.Single(tokens);
            Assert.Equal("tok1", tokens[0]!["token"]!.GetValue<string>());

            JsonObject disallowed = await admin.RequestAsync(WithSecret(new JsonObject { ["janus"] = "disallow_token", ["token"] = "tok1", ["plugins"] = new JsonArray(TestEchoPlugin.PackageName) }));
            Assert.Empty(disallowed["data"]!["plugins"]!.AsArray());
            JsonObject allowed = await admin.RequestAsync(WithSecret(new JsonObject { ["janus"] = "allow_token", ["token"] = "tok2", ["plugins"] = new JsonArray(TestEchoPlugin.PackageName) }));
            Assert.Single(allowed["data"]!["plugins"]!.AsArray());
            JsonObject missingToken = await admin.RequestAsync(WithSecret(new JsonObject { ["janus"] = "allow_token", ["token"] = "nope", ["plugins"] = new JsonArray(TestEchoPlugin.PackageName) }));
            Assert.Equal(470, missingToken["error"]!["code"]!.GetValue<int>());
            JsonObject emptyPlugins = await admin.RequestAsync(WithSecret(new JsonObject { ["janus"] = "allow_token", ["token"] = "tok2" }));
            Assert.Equal("Invalid element type (plugins should be a non-empty array)", emptyPlugins["error"]!["reason"]!.GetValue<string>());

            await admin.RequestAsync(WithSecret(new JsonObject { ["janus"] = "remove_token", ["token"] = "tok2" }));
            JsonObject revoked = await ws.RequestAsync(new JsonObject { ["janus"] = "keepalive", ["session_id"] = session, ["token"] = "tok2" });
            Assert.Equal(403, revoked["error"]!["code"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task Token_admin_requests_fail_without_stored_token_mode()
    {
        (JanusServer server, _) = await TestServer.StartAsync();
        await using (server)
        {
            await using JanusWsClient admin = await JanusWsClient.ConnectAsync(server.AdminWebSocketPort, "janus-admin-protocol");
            JsonObject reply = await admin.RequestAsync(WithSecret(new JsonObject { ["janus"] = "list_tokens" }));
            Assert.Equal(490, reply["error"]!["code"]!.GetValue<int>());
            Assert.Equal("Stored-Token based authentication disabled", reply["error"]!["reason"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Signed_tokens_grant_the_plugins_they_list_until_they_expire()
    {
        (JanusServer server, _) = await TestServer.StartAsync(o =>
        {
            o.TokenAuth = true;
            o.TokenAuthSecret = "hmac-secret";
        });
        await using (server)
        {
            await using JanusWsClient ws = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            string good = TokenAuthenticator.Sign("hmac-secret", DateTimeOffset.UtcNow.AddMinutes(5), "janus", TestEchoPlugin.PackageName);
            string otherPlugin = TokenAuthenticator.Sign("hmac-secret", DateTimeOffset.UtcNow.AddMinutes(5), "janus", "janus.plugin.videoroom");
            string expired = TokenAuthenticator.Sign("hmac-secret", DateTimeOffset.UtcNow.AddMinutes(-5), "janus", TestEchoPlugin.PackageName);
            string forged = TokenAuthenticator.Sign("other-secret", DateTimeOffset.UtcNow.AddMinutes(5), "janus", TestEchoPlugin.PackageName);

            Assert.Equal(403, (await ws.RequestAsync(new JsonObject { ["janus"] = "create", ["token"] = expired }))["error"]!["code"]!.GetValue<int>());
            Assert.Equal(403, (await ws.RequestAsync(new JsonObject { ["janus"] = "create", ["token"] = forged }))["error"]!["code"]!.GetValue<int>());
            long session = (await ws.RequestAsync(new JsonObject { ["janus"] = "create", ["token"] = good }))["data"]!["id"]!.GetValue<long>();
            // Sessions are bound to their creator's token (session_token_binding): otherPlugin tries on a session of its own.
            long otherSession = (await ws.RequestAsync(new JsonObject { ["janus"] = "create", ["token"] = otherPlugin }))["data"]!["id"]!.GetValue<long>();
            JsonObject wrongPlugin = await ws.RequestAsync(new JsonObject { ["janus"] = "attach", ["session_id"] = otherSession, ["token"] = otherPlugin, ["plugin"] = TestEchoPlugin.PackageName });
            Assert.Equal(405, wrongPlugin["error"]!["code"]!.GetValue<int>());
            JsonObject ok = await ws.RequestAsync(new JsonObject { ["janus"] = "attach", ["session_id"] = session, ["token"] = good, ["plugin"] = TestEchoPlugin.PackageName });
            Assert.Equal("success", ok["janus"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Signature_checks_follow_the_janus_token_format()
    {
        var auth = new TokenAuthenticator(true, "secret", () => DateTimeOffset.FromUnixTimeSeconds(1000));
        string token = TokenAuthenticator.Sign("secret", DateTimeOffset.FromUnixTimeSeconds(2000), "janus", "janus.plugin.a", "janus.plugin.b");
        Assert.StartsWith("2000,janus,janus.plugin.a,janus.plugin.b:", token);
        Assert.True(auth.CheckToken(token));
        Assert.True(auth.CheckPlugin(token, "janus.plugin.b"));
        Assert.False(auth.CheckPlugin(token, "janus.plugin.c"));
        Assert.False(auth.CheckSignature(token, "janus.plugin.a"));
        Assert.False(auth.CheckToken(token + ":extra"));
        Assert.False(auth.CheckToken("2000,janus"));
        Assert.False(auth.CheckToken(token.Replace("2000,", "2001,")));
        var later = new TokenAuthenticator(true, "secret", () => DateTimeOffset.FromUnixTimeSeconds(2001));
        Assert.False(later.CheckToken(token));
    }
}
