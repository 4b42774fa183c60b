using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Janus.Host.Tests.Infrastructure;

namespace Janus.Host.Tests.Api;

/// <summary>
/// Input that jansson refuses (invalid UTF-8, escaped lone surrogates) and duplicate keys: every transport answers 454
/// with a reason, where it used to answer 500, 490 "Internal error", or nothing at all.
/// </summary>
public sealed class MalformedInputTests : IAsyncLifetime
{
    private const int InvalidJson = 454;

    private static readonly byte[] DuplicateKeys = "{\"janus\":\"ping\",\"janus\":\"ping\",\"transaction\":\"x\"}"u8.ToArray();
    private static readonly byte[] LoneSurrogate = "{\"janus\":\"ping\",\"transaction\":\"\\ud800\"}"u8.ToArray();
    private static readonly byte[] RawInvalidUtf8 = [.. "{\"janus\":\"ping\",\"transaction\":\""u8, 0xff, .. "\"}"u8];

    private JanusServer _server = null!;

    public async Task InitializeAsync() => (_server, _) = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string> Inputs => new() { nameof(DuplicateKeys), nameof(LoneSurrogate), nameof(RawInvalidUtf8) };

    private static byte[] Input(string name) => name switch
    {
        nameof(DuplicateKeys) => DuplicateKeys,
        nameof(LoneSurrogate) => LoneSurrogate,
        _ => RawInvalidUtf8,
    };

    private static void AssertInvalidJson(JsonNode reply)
    {
        Assert.Equal("error", reply["janus"]!.GetValue<string>());
        Assert.Equal(InvalidJson, reply["error"]!["code"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(reply["error"]!["reason"]!.GetValue<string>()));
    }

    private async Task<JsonNode> PostBytesAsync(int port, string path, byte[] body)
    {
        using var http = new JanusHttpClient(port);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await http.Http.PostAsync(path, content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Http_janus_answers_454(string input)
        => AssertInvalidJson(await PostBytesAsync(_server.HttpPort, "/janus", Input(input)));

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Http_admin_answers_454(string input)
        => AssertInvalidJson(await PostBytesAsync(_server.AdminHttpPort, "/admin", Input(input)));

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task WebSocket_api_answers_454_to_a_binary_frame(string input)
    {
        await using JanusWsClient ws = await JanusWsClient.ConnectAsync(_server.WebSocketPort);
        await ws.SendBinaryAsync(Input(input));
        AssertInvalidJson(await ws.WaitForJanusAsync("error"));
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task WebSocket_admin_answers_454_to_a_binary_frame(string input)
    {
        await using JanusWsClient ws = await JanusWsClient.ConnectAsync(_server.AdminWebSocketPort, "janus-admin-protocol");
        await ws.SendBinaryAsync(Input(input));
        AssertInvalidJson(await ws.WaitForJanusAsync("error"));
    }

    [Theory]
    [InlineData(nameof(DuplicateKeys))]
    [InlineData(nameof(LoneSurrogate))]
    public async Task WebSocket_answers_454_to_a_text_frame(string input)
    {
        // A text frame must be valid UTF-8 at the WebSocket layer, so raw 0xff can only come in a binary frame.
        await using JanusWsClient api = await JanusWsClient.ConnectAsync(_server.WebSocketPort);
        await api.SendRawAsync(Encoding.UTF8.GetString(Input(input)));
        AssertInvalidJson(await api.WaitForJanusAsync("error"));
        await using JanusWsClient admin = await JanusWsClient.ConnectAsync(_server.AdminWebSocketPort, "janus-admin-protocol");
        await admin.SendRawAsync(Encoding.UTF8.GetString(Input(input)));
        AssertInvalidJson(await admin.WaitForJanusAsync("error"));
    }

    [Theory]
    [InlineData("attach")]
    [InlineData("message")]
    public async Task WebSocket_binary_frame_with_invalid_utf8_in_opaque_id_or_sdp_gets_454(string verb)
    {
        await using JanusWsClient ws = await JanusWsClient.ConnectAsync(_server.WebSocketPort);
        long session = await ws.CreateSessionAsync();
        long handle = await ws.AttachAsync(session);
        string head = verb == "attach"
            ? $"{{\"janus\":\"attach\",\"session_id\":{session},\"plugin\":\"{TestEchoPlugin.PackageName}\",\"transaction\":\"t1\",\"opaque_id\":\"a"
            : $"{{\"janus\":\"message\",\"session_id\":{session},\"handle_id\":{handle},\"transaction\":\"t1\",\"body\":{{}},\"jsep\":{{\"type\":\"offer\",\"sdp\":\"v=0";
        string tail = verb == "attach" ? "\"}" : "\"}}";
        byte[] frame = [.. Encoding.UTF8.GetBytes(head), 0xc3, 0x28, .. Encoding.UTF8.GetBytes(tail)];
        await ws.SendBinaryAsync(frame);
        AssertInvalidJson(await ws.WaitForJanusAsync("error"));
    }

    [Fact]
    public async Task Http_and_WebSocket_still_accept_escaped_pairs_and_nested_repeated_keys()
    {
        // The check refuses only what is broken: a surrogate pair is fine, and the same key in two objects is too.
        byte[] fine = "{\"janus\":\"ping\",\"transaction\":\"\\ud83d\\ude00\",\"x\":{\"janus\":1},\"y\":[{\"a\":1},{\"a\":2}]}"u8.ToArray();
        JsonNode reply = await PostBytesAsync(_server.HttpPort, "/janus", fine);
        Assert.Equal("pong", reply["janus"]!.GetValue<string>());
        await using JanusWsClient ws = await JanusWsClient.ConnectAsync(_server.WebSocketPort);
        await ws.SendBinaryAsync(fine);
        Assert.Equal("\ud83d\ude00", (await ws.WaitForJanusAsync("pong"))["transaction"]!.GetValue<string>());
    }

    [Fact]
    public async Task Long_poll_with_a_crlf_in_the_session_path_is_not_a_server_error()
    {
        using var http = new JanusHttpClient(_server.HttpPort);
        using HttpResponseMessage unknown = await http.Http.GetAsync("/janus/1%0d%0aSet-Cookie:x/2");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.False(unknown.Headers.Contains("Set-Cookie"));

        long session = await http.CreateSessionAsync();
        using HttpResponseMessage known = await http.Http.GetAsync($"/janus/{session}%0d%0aSet-Cookie:x/2");
        Assert.Equal(HttpStatusCode.Found, known.StatusCode);
        Assert.Equal($"/janus/{session}", known.Headers.Location!.OriginalString);
        Assert.False(known.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Long_poll_redirect_is_not_issued_for_a_session_that_does_not_exist()
    {
        using var http = new JanusHttpClient(_server.HttpPort);
        using HttpResponseMessage response = await http.Http.GetAsync("/janus/123456789/2");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }
}
