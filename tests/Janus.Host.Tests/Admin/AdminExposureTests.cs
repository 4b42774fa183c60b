using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Janus.Core.Configuration;
using Janus.Host.Admin;
using Janus.Host.Tests.Infrastructure;

namespace Janus.Host.Tests.Admin;

/// <summary>
/// Issue 12 item 2: the Admin API must not be reachable with Janus's sample secret from other machines, nor from
/// a web page the operator opens on this one.
/// </summary>
public sealed class AdminExposureTests
{
    private static ServerOptions AdminOn(string? ip, string? secret = AdminExposure.SampleSecret, bool webSocket = false)
    {
        var options = new ServerOptions { AdminSecret = secret };
        if (webSocket)
        {
            options.WebSockets.AdminEnabled = true;
            options.WebSockets.AdminIp = ip;
        }
        else
        {
            options.Http.AdminEnabled = true;
            options.Http.AdminIp = ip;
        }
        return options;
    }

    [Theory]
    [InlineData(null, false)]          // unset: every interface
    [InlineData("0.0.0.0", false)]
    [InlineData("::", false)]
    [InlineData("192.0.2.10", false)]
    [InlineData("localhost", false)]   // not an address: Kestrel would listen on every interface
    [InlineData(null, true)]
    [InlineData("0.0.0.0", true)]
    public void Sample_secret_beyond_loopback_refuses_to_start_and_says_how_to_fix_it(string? ip, bool webSocket)
    {
        var refused = Assert.Throws<AdminExposureException>(() => AdminExposure.Check(AdminOn(ip, webSocket: webSocket)));
        Assert.Contains("janusoverlord", refused.Message);
        Assert.Contains("admin_secret", refused.Message);
        Assert.Contains(webSocket ? "admin_ws_ip" : "admin_ip", refused.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_secret_beyond_loopback_refuses_to_start(string? secret)
    {
        var refused = Assert.Throws<AdminExposureException>(() => AdminExposure.Check(AdminOn("0.0.0.0", secret)));
        Assert.Contains("without an admin_secret", refused.Message);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Sample_secret_on_loopback_only_warns(string ip)
    {
        IReadOnlyList<string> warnings = AdminExposure.Check(AdminOn(ip));
        Assert.Contains("janusoverlord", Assert.Single(warnings));
    }

    [Fact]
    public void Own_secret_anywhere_or_admin_off_is_fine()
    {
        Assert.Empty(AdminExposure.Check(AdminOn("0.0.0.0", "a-secret-of-my-own")));
        Assert.Empty(AdminExposure.Check(new ServerOptions()));
    }

    [Fact]
    public async Task Server_does_not_start_with_the_sample_secret_on_every_interface()
    {
        var options = AdminOn(null);
        options.Http.Enabled = false;
        options.WebSockets.Enabled = false;
        options.Http.AdminPort = 0;
        await Assert.ThrowsAsync<AdminExposureException>(() => JanusServer.StartAsync(options));
    }

    [Fact]
    public async Task Admin_http_refuses_requests_from_unlisted_web_pages_and_sends_no_wildcard()
    {
        (JanusServer server, TestEchoPlugin _) = await TestServer.StartAsync(o => o.Http.AdminAllowOrigins.Add("https://admin.example.test"));
        await using JanusServer running = server;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.AdminHttpPort}") };
        const string Body = "{\"janus\":\"list_sessions\",\"transaction\":\"x\",\"admin_secret\":\"janusoverlord\"}";

        // The preflight a page would send before a JSON POST.
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/admin");
        preflight.Headers.Add("Origin", "https://evil.example.test");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using HttpResponseMessage refusedPreflight = await http.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.Forbidden, refusedPreflight.StatusCode);
        Assert.False(refusedPreflight.Headers.Contains("Access-Control-Allow-Origin"));

        // A "simple" text/plain POST needs no preflight: the browser sends it at once, with its Origin.
        using var simple = new HttpRequestMessage(HttpMethod.Post, "/admin") { Content = new StringContent(Body, Encoding.UTF8, "text/plain") };
        simple.Headers.Add("Origin", "https://evil.example.test");
        using HttpResponseMessage refusedPost = await http.SendAsync(simple);
        Assert.Equal(HttpStatusCode.Forbidden, refusedPost.StatusCode);
        Assert.Equal("", await refusedPost.Content.ReadAsStringAsync());

        // A listed origin gets itself back, never "*".
        using var listed = new HttpRequestMessage(HttpMethod.Post, "/admin") { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        listed.Headers.Add("Origin", "https://admin.example.test");
        using HttpResponseMessage allowed = await http.SendAsync(listed);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("https://admin.example.test", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("success", JsonNode.Parse(await allowed.Content.ReadAsStringAsync())!["janus"]!.GetValue<string>());

        // Tools send no Origin: served, with no CORS headers at all.
        using HttpResponseMessage tool = await http.PostAsync("/admin", new StringContent(Body, Encoding.UTF8, "application/json"));
        Assert.Equal("success", JsonNode.Parse(await tool.Content.ReadAsStringAsync())!["janus"]!.GetValue<string>());
        Assert.False(tool.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Janus_api_keeps_janus_cors_while_admin_has_its_own()
    {
        (JanusServer server, TestEchoPlugin _) = await TestServer.StartAsync();
        await using JanusServer running = server;
        using var http = new HttpClient();
        using var api = new HttpRequestMessage(HttpMethod.Options, $"http://127.0.0.1:{server.HttpPort}/janus");
        api.Headers.Add("Origin", "https://page.example.test");
        using HttpResponseMessage apiReply = await http.SendAsync(api);
        Assert.Equal("*", apiReply.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Admin_websocket_refuses_unlisted_web_pages()
    {
        (JanusServer server, TestEchoPlugin _) = await TestServer.StartAsync();
        await using JanusServer running = server;
        using var page = new ClientWebSocket();
        page.Options.AddSubProtocol("janus-admin-protocol");
        page.Options.SetRequestHeader("Origin", "https://evil.example.test");
        await Assert.ThrowsAsync<WebSocketException>(() => page.ConnectAsync(new Uri($"ws://127.0.0.1:{server.AdminWebSocketPort}/"), CancellationToken.None));

        await using JanusWsClient tool = await JanusWsClient.ConnectAsync(server.AdminWebSocketPort, "janus-admin-protocol");
        JsonObject reply = await tool.RequestAsync(new JsonObject { ["janus"] = "list_sessions", ["admin_secret"] = "janusoverlord" });
        Assert.Equal("success", reply["janus"]!.GetValue<string>());
    }
}
