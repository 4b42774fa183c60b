using System.Text.Json.Nodes;
using Janus.Host.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Janus.Host.Tests.Api;

/// <summary>Session timeouts and claims. Time is the core's clock, driven by the test: no test waits for a timeout.</summary>
public sealed class SessionLifecycleTests
{
    private readonly FakeTimeProvider _time = new();

    // The watchdog runs on the fake clock, every half second (Janus's runs every two).
    private JanusServerSettings Settings => new() { LongPollTimeout = TimeSpan.FromSeconds(2), SessionWatchdogInterval = TimeSpan.FromMilliseconds(500), Time = _time };

    [Fact]
    public async Task Idle_session_times_out_with_an_event_and_its_handles_go()
    {
        (JanusServer server, TestEchoPlugin plugin) = await TestServer.StartAsync(o => o.SessionTimeout = 1, Settings);
        await using (server)
        {
            await using JanusWsClient ws = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            long session = await ws.CreateSessionAsync();
            await ws.AttachAsync(session);
            _time.Advance(TimeSpan.FromMilliseconds(500));
            Assert.Equal(1, server.Core.SessionCount); // the watchdog ran, half the timeout idle: the session stays
            _time.Advance(TimeSpan.FromMilliseconds(500));
            JsonObject timeout = await ws.WaitForJanusAsync("timeout", 5000);
            Assert.Equal(session, timeout["session_id"]!.GetValue<long>());
            await TestServer.WaitUntilAsync(() => server.Core.SessionCount == 0 && server.Core.HandleCount == 0 && plugin.LiveSessions == 0);
        }
    }

    [Fact]
    public async Task Handle_info_reads_the_sessions_last_activity_on_the_cores_clock()
    {
        (JanusServer server, _) = await TestServer.StartAsync(o => o.SessionTimeout = 0, Settings);
        await using (server)
        {
            await using JanusWsClient ws = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            long session = await ws.CreateSessionAsync();
            long handle = await ws.AttachAsync(session);
            _time.Advance(TimeSpan.FromSeconds(3));
            await using JanusWsClient admin = await JanusWsClient.ConnectAsync(server.AdminWebSocketPort, "janus-admin-protocol");
            JsonObject info = await admin.RequestAsync(new JsonObject { ["janus"] = "handle_info", ["admin_secret"] = "janusoverlord", ["session_id"] = session, ["handle_id"] = handle });
            long now = info["info"]!["current_time"]!.GetValue<long>();
            long lastActivity = info["info"]!["session_last_activity"]!.GetValue<long>();
            Assert.Equal(3_000_000, now - lastActivity);
        }
    }

    [Fact]
    public async Task Keepalives_prevent_the_timeout()
    {
        // 2 s of timeout against a keepalive every second: the session outlives its timeout four times over; then,
        // left idle, it goes.
        (JanusServer server, _) = await TestServer.StartAsync(o => o.SessionTimeout = 2, Settings);
        await using (server)
        {
            await using JanusWsClient ws = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            long session = await ws.CreateSessionAsync();
            for (int i = 0; i < 8; i++)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                await ws.RequestAsync(new JsonObject { ["janus"] = "keepalive", ["session_id"] = session });
            }
            Assert.Equal(1, server.Core.SessionCount);
            _time.Advance(TimeSpan.FromSeconds(3));
            await ws.WaitForJanusAsync("timeout", 5000);
        }
    }

    [Fact]
    public async Task Zero_timeout_never_expires()
    {
        // The WebSocket's own idle limit runs on the same clock: off here, this test is about the session's.
        (JanusServer server, _) = await TestServer.StartAsync(o =>
        {
            o.SessionTimeout = 0;
            o.WebSockets.IdleTimeout = TimeSpan.Zero;
        }, Settings);
        await using (server)
        {
            await using JanusWsClient ws = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            await ws.CreateSessionAsync();
            _time.Advance(TimeSpan.FromHours(1));
            Assert.Equal(1, server.Core.SessionCount);
        }
    }

    [Fact]
    public async Task Session_survives_its_socket_and_is_claimed_on_another()
    {
        (JanusServer server, _) = await TestServer.StartAsync(o => o.ReclaimSessionTimeout = 5, Settings);
        await using (server)
        {
            JanusWsClient first = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            long session = await first.CreateSessionAsync();
            long handle = await first.AttachAsync(session);
            await first.DisposeAsync();
            // The server has seen the socket go (its connection count drops after it tells the core), then 4 s pass.
            await TestServer.WaitUntilAsync(() => server.WebSockets.Connections == 0);
            _time.Advance(TimeSpan.FromSeconds(4));
            Assert.Equal(1, server.Core.SessionCount);

            await using JanusWsClient second = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            JsonObject claim = await second.RequestAsync(new JsonObject { ["janus"] = "claim", ["session_id"] = session });
            Assert.Equal("success", claim["janus"]!.GetValue<string>());
            Assert.Equal(session, claim["session_id"]!.GetValue<long>());
            await second.RequestAsync(new JsonObject { ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["body"] = new JsonObject { ["request"] = "async" } });
            JsonObject evt = await second.WaitForJanusAsync("event");
            Assert.Equal(handle, evt["sender"]!.GetValue<long>());
        }
    }

    [Fact]
    public async Task Unclaimed_session_goes_after_the_reclaim_timeout()
    {
        (JanusServer server, _) = await TestServer.StartAsync(o => o.ReclaimSessionTimeout = 1, Settings);
        await using (server)
        {
            JanusWsClient ws = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            await ws.CreateSessionAsync();
            await ws.DisposeAsync();
            await TestServer.WaitUntilAsync(() => server.WebSockets.Connections == 0);
            Assert.Equal(1, server.Core.SessionCount);
            // The reclaim timeout (1 s) passes on the core's clock: the next watchdog round frees the session.
            _time.Advance(TimeSpan.FromSeconds(2));
            await TestServer.WaitUntilAsync(() => server.Core.SessionCount == 0, 5000);
        }
    }

    [Fact]
    public async Task Claim_moves_events_from_http_to_websocket()
    {
        (JanusServer server, _) = await TestServer.StartAsync();
        await using (server)
        {
            using var http = new JanusHttpClient(server.HttpPort);
            long session = await http.CreateSessionAsync();
            long handle = await http.AttachAsync(session);
            await using JanusWsClient ws = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            await ws.RequestAsync(new JsonObject { ["janus"] = "claim", ["session_id"] = session });
            await ws.RequestAsync(new JsonObject { ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["body"] = new JsonObject { ["request"] = "async" } });
            await ws.WaitForJanusAsync("event");
            using HttpResponseMessage poll = await http.Http.GetAsync($"/janus/{session}");
            Assert.Equal(System.Net.HttpStatusCode.NotFound, poll.StatusCode);
        }
    }
}
