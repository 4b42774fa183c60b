using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Janus.Host.Tests.Infrastructure;

/// <summary>Plain HttpClient calls against the REST transport.</summary>
internal sealed class JanusHttpClient : IDisposable
{
    private readonly HttpClient _http;
    private int _tx;

    public JanusHttpClient(int port)
    {
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http => _http;

    public async Task<JsonNode> PostAsync(string path, JsonObject request)
    {
        request["transaction"] ??= "h" + Interlocked.Increment(ref _tx);
        return await PostRawAsync(path, request.ToJsonString());
    }

    public async Task<JsonNode> PostRawAsync(string path, string body)
    {
        using HttpResponseMessage response = await _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async Task<JsonNode> GetAsync(string path)
    {
        using HttpResponseMessage response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async Task<long> CreateSessionAsync()
        => (await PostAsync("/janus", new JsonObject { ["janus"] = "create" }))["data"]!["id"]!.GetValue<long>();

    public async Task<long> AttachAsync(long session)
        => (await PostAsync($"/janus/{session}", new JsonObject { ["janus"] = "attach", ["plugin"] = TestEchoPlugin.PackageName }))["data"]!["id"]!.GetValue<long>();

    public void Dispose() => _http.Dispose();
}
