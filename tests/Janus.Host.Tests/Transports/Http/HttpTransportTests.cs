using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Janus.Host.Tests.Infrastructure;

namespace Janus.Host.Tests.Transports.Http;

public sealed class HttpTransportTests : IAsyncLifetime
{
    private JanusServer _server = null!;
    private JanusHttpClient _http = null!;

    public async Task InitializeAsync()
    {
        (_server, _) = await TestServer.StartAsync(settings: new JanusServerSettings { LongPollTimeout = TimeSpan.FromMilliseconds(400) });
        _http = new JanusHttpClient(_server.HttpPort);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Get_info_returns_server_info()
    {
        JsonNode info = await _http.GetAsync("/janus/info");
        Assert.Equal("server_info", info["janus"]!.GetValue<string>());
        Assert.Equal(12, info["transaction"]!.GetValue<string>().Length);
        Assert.Equal("pong", (await _http.GetAsync("/janus/ping"))["janus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_on_info_is_a_bad_request()
    {
        using HttpResponseMessage response = await _http.Http.PostAsync("/janus/info", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Requests_with_ids_in_the_path_and_events_by_long_poll()
    {
        long session = await _http.CreateSessionAsync();
        long handle = await _http.AttachAsync(session);
        JsonNode sync = await _http.PostAsync($"/janus/{session}/{handle}", new JsonObject { ["janus"] = "message", ["body"] = new JsonObject { ["request"] = "sync" } });
        Assert.Equal("success", sync["janus"]!.GetValue<string>());
        Assert.Equal("response", sync["plugindata"]!["data"]!["echotest"]!.GetValue<string>());

        JsonNode ack = await _http.PostAsync($"/janus/{session}/{handle}", new JsonObject { ["janus"] = "message", ["transaction"] = "a1", ["body"] = new JsonObject { ["request"] = "async" } });
        Assert.Equal("ack", ack["janus"]!.GetValue<string>());
        JsonNode evt = await _http.GetAsync($"/janus/{session}");
        Assert.Equal("event", evt["janus"]!.GetValue<string>());
        Assert.Equal("a1", evt["transaction"]!.GetValue<string>());

        // Two events, fetched together with maxev.
        await _http.PostAsync($"/janus/{session}/{handle}", new JsonObject { ["janus"] = "message", ["body"] = new JsonObject { ["request"] = "async" } });
        await _http.PostAsync($"/janus/{session}/{handle}", new JsonObject { ["janus"] = "message", ["body"] = new JsonObject { ["request"] = "async" } });
        await Task.Delay(200);
        JsonNode both = await _http.GetAsync($"/janus/{session}?maxev=5");
        Assert.Equal(2, both.AsArray().Count);

        JsonNode detach = await _http.PostAsync($"/janus/{session}/{handle}", new JsonObject { ["janus"] = "detach" });
        Assert.Equal("success", detach["janus"]!.GetValue<string>());
        JsonNode detached = await _http.GetAsync($"/janus/{session}");
        Assert.Equal("detached", detached["janus"]!.GetValue<string>());
        await _http.PostAsync($"/janus/{session}", new JsonObject { ["janus"] = "destroy" });
        Assert.Equal(0, _server.Core.SessionCount);
    }

    [Fact]
    public async Task Idle_long_poll_answers_keepalive_as_object_or_array()
    {
        long session = await _http.CreateSessionAsync();
        JsonNode keepalive = await _http.GetAsync($"/janus/{session}");
        Assert.Equal("keepalive", keepalive["janus"]!.GetValue<string>());
        JsonNode list = await _http.GetAsync($"/janus/{session}?maxev=3");
        Assert.Equal("keepalive", list.AsArray()[0]!["janus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Long_poll_keeps_the_session_alive()
    {
        await _server.DisposeAsync();
        (_server, _) = await TestServer.StartAsync(o => o.SessionTimeout = 1, new JanusServerSettings
        {
            LongPollTimeout = TimeSpan.FromMilliseconds(300),
            SessionWatchdogInterval = TimeSpan.FromMilliseconds(100),
        });
        _http.Dispose();
        _http = new JanusHttpClient(_server.HttpPort);
        long session = await _http.CreateSessionAsync();
        for (int i = 0; i < 6; i++)
        {
            await _http.GetAsync($"/janus/{session}");
        }
        Assert.Equal(1, _server.Core.SessionCount);
    }

    [Fact]
    public async Task Long_poll_on_unknown_or_bad_session_is_404_and_handle_path_redirects()
    {
        using HttpResponseMessage unknown = await _http.Http.GetAsync("/janus/12345");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using HttpResponseMessage bad = await _http.Http.GetAsync("/janus/abc");
        Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
        using HttpResponseMessage root = await _http.Http.GetAsync("/janus");
        Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
        using HttpResponseMessage elsewhere = await _http.Http.GetAsync("/other");
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        using HttpResponseMessage tooDeep = await _http.Http.GetAsync("/janus/1/2/3");
        Assert.Equal(HttpStatusCode.NotFound, tooDeep.StatusCode);
        long session = await _http.CreateSessionAsync();
        using HttpResponseMessage handle = await _http.Http.GetAsync($"/janus/{session}/77");
        Assert.Equal(HttpStatusCode.Found, handle.StatusCode);
        Assert.Equal($"/janus/{session}", handle.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("{\"janus\":", 454)]
    [InlineData("[1]", 455)]
    [InlineData("\u00ff\u00fe garbage", 454)]
    public async Task Garbage_bodies_get_Janus_errors(string body, int code)
    {
        JsonNode error = await _http.PostRawAsync("/janus", body);
        Assert.Equal(code, error["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Conflicting_ids_in_path_and_body_are_refused()
    {
        long session = await _http.CreateSessionAsync();
        JsonNode error = await _http.PostAsync($"/janus/{session}", new JsonObject { ["janus"] = "keepalive", ["session_id"] = session + 1 });
        Assert.Equal(457, error["error"]!["code"]!.GetValue<int>());
        Assert.Equal("Conflicting session ID (payload and path)", error["error"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unsupported_method_gets_450()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/janus");
        using HttpResponseMessage response = await _http.Http.SendAsync(request);
        JsonNode error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(450, error["error"]!["code"]!.GetValue<int>());
        Assert.Equal("Unsupported method PUT", error["error"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Options_answers_with_the_cors_headers_of_the_request()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/janus");
        request.Headers.Add("Origin", "http://example.test");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        using HttpResponseMessage response = await _http.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("content-type", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal("86400", response.Headers.GetValues("Access-Control-Max-Age").Single());
        using HttpResponseMessage post = await _http.Http.PostAsync("/janus", new StringContent("{\"janus\":\"ping\",\"transaction\":\"x\"}"));
        Assert.Equal("*", post.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Enforced_cors_refuses_other_origins()
    {
        await _server.DisposeAsync();
        (_server, _) = await TestServer.StartAsync(o =>
        {
            o.Http.AllowOrigin = "http://good.test";
            o.Http.EnforceCors = true;
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_server.HttpPort}") };
        using var bad = new HttpRequestMessage(HttpMethod.Post, "/janus") { Content = new StringContent("{\"janus\":\"ping\",\"transaction\":\"x\"}") };
        bad.Headers.Add("Origin", "http://evil.test");
        using HttpResponseMessage refused = await http.SendAsync(bad);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var good = new HttpRequestMessage(HttpMethod.Post, "/janus") { Content = new StringContent("{\"janus\":\"ping\",\"transaction\":\"x\"}") };
        good.Headers.Add("Origin", "http://good.test");
        using HttpResponseMessage ok = await http.SendAsync(good);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("http://good.test", ok.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", ok.Headers.GetValues("Access-Control-Allow-Credentials").Single());
    }

    [Fact]
    public async Task Oversized_body_is_refused_and_the_server_keeps_serving()
    {
        await _server.DisposeAsync();
        (_server, _) = await TestServer.StartAsync(o => o.Http.MaxBodyBytes = 2000);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_server.HttpPort}") };
        string big = "{\"janus\":\"ping\",\"transaction\":\"" + new string('x', 10_000) + "\"}";
        using HttpResponseMessage refused = await http.PostAsync("/janus", new StringContent(big, Encoding.UTF8));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        JsonNode error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal(450, error["error"]!["code"]!.GetValue<int>());
        using HttpResponseMessage ok = await http.PostAsync("/janus", new StringContent("{\"janus\":\"ping\",\"transaction\":\"x\"}"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Api_secret_is_needed_on_every_request_but_info_and_ping()
    {
        await _server.DisposeAsync();
        (_server, _) = await TestServer.StartAsync(o => o.ApiSecret = "s3cret");
        using var client = new JanusHttpClient(_server.HttpPort);
        Assert.Equal("server_info", (await client.PostAsync("/janus", new JsonObject { ["janus"] = "info" }))["janus"]!.GetValue<string>());
        JsonNode refused = await client.PostAsync("/janus", new JsonObject { ["janus"] = "create" });
        Assert.Equal(403, refused["error"]!["code"]!.GetValue<int>());
        Assert.Equal("Unauthorized request (wrong or missing secret/token)", refused["error"]!["reason"]!.GetValue<string>());
        JsonNode created = await client.PostAsync("/janus", new JsonObject { ["janus"] = "create", ["apisecret"] = "s3cret" });
        long session = created["data"]!["id"]!.GetValue<long>();
        JsonNode keepalive = await client.PostAsync($"/janus/{session}", new JsonObject { ["janus"] = "keepalive" });
        Assert.Equal(403, keepalive["error"]!["code"]!.GetValue<int>());
        using HttpResponseMessage poll = await client.Http.GetAsync($"/janus/{session}");
        Assert.Equal(HttpStatusCode.Forbidden, poll.StatusCode);
        JsonNode polled = await client.GetAsync($"/janus/{session}?apisecret=s3cret");
        Assert.Equal("keepalive", polled["janus"]!.GetValue<string>());
    }
}
