using System.Text.Json.Nodes;
using Janus.Host.Tests.Infrastructure;

namespace Janus.Host.Tests.Api;

/// <summary>
/// The reply to a <c>message</c> reaches the client before any event with the same transaction, on every transport,
/// even when the plugin pushes its event from inside handleMessage, before returning its ack (the worst case).
/// </summary>
public sealed class AckBeforeEventTests : IAsyncLifetime
{
    private JanusServer _server = null!;
    private TestEchoPlugin _plugin = null!;

    public async Task InitializeAsync()
        => (_server, _plugin) = await TestServer.StartAsync(settings: new JanusServerSettings { LongPollTimeout = TimeSpan.FromMilliseconds(300) });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task WebSocket_ack_is_written_before_an_event_pushed_inside_handleMessage()
    {
        await using JanusWsClient ws = await JanusWsClient.ConnectAsync(_server.WebSocketPort);
        long session = await ws.CreateSessionAsync();
        long handle = await ws.AttachAsync(session);
        for (int i = 0; i < 20; i++)
        {
            string tx = "push" + i;
            await ws.SendRawAsync(new JsonObject
            {
                ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["transaction"] = tx,
                ["body"] = new JsonObject { ["request"] = "pushfirst" },
            }.ToJsonString());
            // The first message of this transaction to arrive must be the ack; the event follows it.
            JsonObject first = await ws.WaitForAsync(m => m["transaction"]?.GetValue<string>() == tx);
            Assert.Equal("ack", first["janus"]!.GetValue<string>());
            JsonObject second = await ws.WaitForAsync(m => m["transaction"]?.GetValue<string>() == tx);
            Assert.Equal("event", second["janus"]!.GetValue<string>());
            Assert.Equal("pushed first", second["plugindata"]!["data"]!["echotest"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Http_long_poll_does_not_get_the_event_before_the_post_is_answered()
    {
        using var http = new JanusHttpClient(_server.HttpPort);
        long session = await http.CreateSessionAsync();
        long handle = await http.AttachAsync(session);
        var pushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _plugin.AfterPushFirst = () =>
        {
            pushed.TrySetResult();
            return release.Task;
        };

        Task<JsonNode> post = http.PostAsync($"/janus/{session}/{handle}", new JsonObject
        {
            ["janus"] = "message", ["transaction"] = "held", ["body"] = new JsonObject { ["request"] = "pushfirst" },
        });
        await pushed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        // The plugin has pushed its event but not answered yet: a long poll now must not see it (it ends with the
        // server's keepalive after its 300 ms timeout instead).
        JsonNode whilePending = await http.GetAsync($"/janus/{session}");
        Assert.Equal("keepalive", whilePending["janus"]!.GetValue<string>());
        Assert.False(post.IsCompleted);

        release.SetResult();
        JsonNode ack = await post.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("ack", ack["janus"]!.GetValue<string>());
        JsonNode evt = await http.GetAsync($"/janus/{session}");
        Assert.Equal("event", evt["janus"]!.GetValue<string>());
        Assert.Equal("held", evt["transaction"]!.GetValue<string>());
    }

    [Fact]
    public async Task Events_of_other_transactions_are_not_held_back_by_a_pending_request()
    {
        await using JanusWsClient ws = await JanusWsClient.ConnectAsync(_server.WebSocketPort);
        long session = await ws.CreateSessionAsync();
        long handle = await ws.AttachAsync(session);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _plugin.AfterPushFirst = () =>
        {
            pushed.TrySetResult();
            return release.Task;
        };
        await ws.SendRawAsync(new JsonObject
        {
            ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["transaction"] = "slow",
            ["body"] = new JsonObject { ["request"] = "pushfirst" },
        }.ToJsonString());
        await pushed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        // Another handle of another session answers while the first request is still pending.
        await using JanusWsClient other = await JanusWsClient.ConnectAsync(_server.WebSocketPort);
        long otherSession = await other.CreateSessionAsync();
        long otherHandle = await other.AttachAsync(otherSession);
        JsonObject ack = await other.RequestAsync(new JsonObject
        {
            ["janus"] = "message", ["session_id"] = otherSession, ["handle_id"] = otherHandle, ["transaction"] = "async1",
            ["body"] = new JsonObject { ["request"] = "async" },
        });
        Assert.Equal("ack", ack["janus"]!.GetValue<string>());
        JsonObject evt = await other.WaitForJanusAsync("event");
        Assert.Equal("async1", evt["transaction"]!.GetValue<string>());

        release.SetResult();
        JsonObject first = await ws.WaitForAsync(m => m["transaction"]?.GetValue<string>() == "slow");
        Assert.Equal("ack", first["janus"]!.GetValue<string>());
        Assert.Equal("event", (await ws.WaitForJanusAsync("event"))["janus"]!.GetValue<string>());
    }
}
