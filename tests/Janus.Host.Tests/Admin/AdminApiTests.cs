using System.Text.Json.Nodes;
using Janus.Host.Tests.Infrastructure;

namespace Janus.Host.Tests.Admin;

public sealed class AdminApiTests : IAsyncLifetime
{
    private JanusServer _server = null!;
    private TestEchoPlugin _plugin = null!;
    private JanusWsClient _ws = null!;
    private JanusWsClient _admin = null!;
    private JanusHttpClient _adminHttp = null!;

    public async Task InitializeAsync()
    {
        (_server, _plugin) = await TestServer.StartAsync(o => o.TokenAuth = false);
        _ws = await JanusWsClient.ConnectAsync(_server.WebSocketPort);
        _admin = await JanusWsClient.ConnectAsync(_server.AdminWebSocketPort, "janus-admin-protocol");
        _adminHttp = new JanusHttpClient(_server.AdminHttpPort);
    }

    public async Task DisposeAsync()
    {
        await _ws.DisposeAsync();
        await _admin.DisposeAsync();
        _adminHttp.Dispose();
        await _server.DisposeAsync();
    }

    private Task<JsonObject> Admin(JsonObject request)
    {
        request["admin_secret"] ??= "janusoverlord";
        return _admin.RequestAsync(request);
    }

    [Fact]
    public async Task Admin_secret_is_required_except_for_info_and_ping()
    {
        Assert.Equal("server_info", (await _admin.RequestAsync(new JsonObject { ["janus"] = "info" }))["janus"]!.GetValue<string>());
        Assert.Equal("pong", (await _admin.RequestAsync(new JsonObject { ["janus"] = "ping" }))["janus"]!.GetValue<string>());
        JsonObject refused = await _admin.RequestAsync(new JsonObject { ["janus"] = "list_sessions" });
        Assert.Equal(403, refused["error"]!["code"]!.GetValue<int>());
        JsonObject wrong = await _admin.RequestAsync(new JsonObject { ["janus"] = "list_sessions", ["admin_secret"] = "nope" });
        Assert.Equal(403, wrong["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sessions_and_handles_are_listed_inspected_and_destroyed()
    {
        long session = await _ws.CreateSessionAsync();
        long handle = await _ws.AttachAsync(session);
        await _ws.RequestAsync(new JsonObject { ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["body"] = new JsonObject { ["request"] = "sync" } });

        JsonObject sessions = await Admin(new JsonObject { ["janus"] = "list_sessions" });
        Assert.Contains(session, sessions["sessions"]!.AsArray().Select(n => n!.GetValue<long>()));
        JsonObject handles = await Admin(new JsonObject { ["janus"] = "list_handles", ["session_id"] = session });
        Assert.Equal(handle, handles["handles"]!.AsArray().Single()!.GetValue<long>());

        JsonObject info = await Admin(new JsonObject { ["janus"] = "handle_info", ["session_id"] = session, ["handle_id"] = handle });
        Assert.Equal(handle, info["handle_id"]!.GetValue<long>());
        Assert.Equal(TestEchoPlugin.PackageName, info["info"]!["plugin"]!.GetValue<string>());
        Assert.Equal(1, info["info"]!["plugin_specific"]!["messages"]!.GetValue<int>());
        Assert.Equal("janus.transport.websockets", info["info"]!["session_transport"]!.GetValue<string>());

        JsonObject detach = await Admin(new JsonObject { ["janus"] = "detach_handle", ["session_id"] = session, ["handle_id"] = handle });
        Assert.Equal("success", detach["janus"]!.GetValue<string>());
        await _ws.WaitForJanusAsync("detached");

        JsonObject destroy = await Admin(new JsonObject { ["janus"] = "destroy_session", ["session_id"] = session });
        Assert.Equal("success", destroy["janus"]!.GetValue<string>());
        Assert.Equal(0, _server.Core.SessionCount);
        JsonObject gone = await Admin(new JsonObject { ["janus"] = "list_handles", ["session_id"] = session });
        Assert.Equal(458, gone["error"]!["code"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("set_min_nack_queue", "min_nack_queue")]
    [InlineData("set_no_media_timer", "no_media_timer")]
    [InlineData("set_slowlink_threshold", "slowlink_threshold")]
    public async Task Media_settings_are_changed_and_echoed_and_bad_values_refused(string request, string field)
    {
        JsonObject changed = await Admin(new JsonObject { ["janus"] = request, [field] = 7 });
        Assert.Equal("success", changed["janus"]!.GetValue<string>());
        Assert.Equal(7, changed[field]!.GetValue<int>());
        int stored = field switch
        {
            "min_nack_queue" => _server.Core.Options.Media.MinNackQueue,
            "no_media_timer" => _server.Core.Options.Media.NoMediaTimer,
            _ => _server.Core.Options.Media.SlowlinkThreshold,
        };
        Assert.Equal(7, stored);
        JsonObject negative = await Admin(new JsonObject { ["janus"] = request, [field] = -1 });
        Assert.Equal(467, negative["error"]!["code"]!.GetValue<int>());
        JsonObject missing = await Admin(new JsonObject { ["janus"] = request });
        Assert.Equal(456, missing["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Status_carries_the_process_figures_the_media_bench_reads()
    {
        // Not in Janus: the bench's CPU, allocation and memory readings come from these fields.
        JsonNode figures = (await Admin(new JsonObject { ["janus"] = "get_status" }))["status"]!;
        long user = figures["process_cpu_user_us"]!.GetValue<long>();
        long system = figures["process_cpu_system_us"]!.GetValue<long>();
        long allocated = figures["gc_total_allocated_bytes"]!.GetValue<long>();
        Assert.True(user > 0 && system >= 0, $"user {user} us, system {system} us");
        // Microseconds, to within a tick of the coarser millisecond figure it refines.
        long milliseconds = figures["process_cpu_ms"]!.GetValue<long>();
        Assert.InRange((user + system) / 1000, milliseconds - 50, milliseconds + 50);

        // Work in between shows in the counters: they are read per call, not cached.
        var spin = System.Diagnostics.Stopwatch.StartNew();
        var garbage = new List<byte[]>();
        while (spin.ElapsedMilliseconds < 100)
        {
            garbage.Add(new byte[1024]);
            if (garbage.Count > 1000)
            {
                garbage.Clear();
            }
        }
        JsonNode later = (await Admin(new JsonObject { ["janus"] = "get_status" }))["status"]!;
        Assert.True(later["process_cpu_user_us"]!.GetValue<long>() + later["process_cpu_system_us"]!.GetValue<long>() > user + system);
        Assert.True(later["gc_total_allocated_bytes"]!.GetValue<long>() >= allocated + 100 * 1024);
        // The GC figures describe the last collection (that much garbage made several): the heap it left fits in
        // what it holds committed.
        long heap = later["gc_heap_bytes"]!.GetValue<long>();
        long committed = later["gc_committed_bytes"]!.GetValue<long>();
        Assert.True(heap > 0 && heap <= committed, $"heap {heap} B, committed {committed} B");
    }

    [Fact]
    public async Task Settings_are_read_and_changed()
    {
        JsonObject status = await Admin(new JsonObject { ["janus"] = "get_status" });
        Assert.Equal(60, status["status"]!["session_timeout"]!.GetValue<int>());
        JsonObject timeout = await Admin(new JsonObject { ["janus"] = "set_session_timeout", ["timeout"] = 120 });
        Assert.Equal(120, timeout["timeout"]!.GetValue<int>());
        Assert.Equal(120, _server.Core.SessionTimeout);
        JsonObject badTimeout = await Admin(new JsonObject { ["janus"] = "set_session_timeout", ["timeout"] = -5 });
        Assert.Equal(467, badTimeout["error"]!["code"]!.GetValue<int>());
        Assert.Equal("Invalid element type (timeout should be a positive integer)", badTimeout["error"]!["reason"]!.GetValue<string>());

        var before = Janus.Core.Logging.JanusLog.Level;
        JsonObject level = await Admin(new JsonObject { ["janus"] = "set_log_level", ["level"] = 5 });
        Assert.Equal(5, level["level"]!.GetValue<int>());
        Janus.Core.Logging.JanusLog.Level = before;
        JsonObject badLevel = await Admin(new JsonObject { ["janus"] = "set_log_level", ["level"] = 9 });
        Assert.Equal("Invalid element type (level should be between 0 and 7)", badLevel["error"]!["reason"]!.GetValue<string>());

        JsonObject refuse = await Admin(new JsonObject { ["janus"] = "accept_new_sessions", ["accept"] = false });
        Assert.False(refuse["accept"]!.GetValue<bool>());
        JsonObject notAccepted = await _ws.RequestAsync(new JsonObject { ["janus"] = "create" });
        Assert.Equal(472, notAccepted["error"]!["code"]!.GetValue<int>());
        await Admin(new JsonObject { ["janus"] = "accept_new_sessions", ["accept"] = true });
        await _ws.CreateSessionAsync();

        JsonObject unknown = await Admin(new JsonObject { ["janus"] = "frobnicate" });
        Assert.Equal(457, unknown["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Session_timeout_can_be_set_per_session()
    {
        long session = await _ws.CreateSessionAsync();
        JsonObject reply = await Admin(new JsonObject { ["janus"] = "set_session_timeout", ["session_id"] = session, ["timeout"] = 1 });
        Assert.Equal(1, reply["timeout"]!.GetValue<int>());
        JsonObject evt = await _ws.WaitForJanusAsync("timeout", 5000);
        Assert.Equal(session, evt["session_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Plugin_and_transport_queries_are_answered()
    {
        JsonObject plugin = await Admin(new JsonObject { ["janus"] = "message_plugin", ["plugin"] = TestEchoPlugin.PackageName, ["request"] = new JsonObject { ["x"] = 1 } });
        Assert.Equal("ok", plugin["response"]!["admin"]!.GetValue<string>());
        Assert.Equal(1, plugin["response"]!["request"]!["x"]!.GetValue<int>());
        JsonObject noPlugin = await Admin(new JsonObject { ["janus"] = "message_plugin", ["plugin"] = "janus.plugin.none" });
        Assert.Equal(460, noPlugin["error"]!["code"]!.GetValue<int>());

        JsonObject ws = await Admin(new JsonObject { ["janus"] = "query_transport", ["transport"] = "janus.transport.websockets", ["request"] = new JsonObject { ["request"] = "connections" } });
        Assert.Equal(200, ws["response"]!["result"]!.GetValue<int>());
        Assert.Equal(2, ws["response"]!["connections"]!.GetValue<int>());

        JsonNode http = await _adminHttp.PostAsync("/admin", new JsonObject
        {
            ["janus"] = "query_transport", ["admin_secret"] = "janusoverlord", ["transport"] = "janus.transport.http", ["request"] = new JsonObject { ["request"] = "connections" },
        });
        Assert.True(http["response"]!["connections"]!["admin_http"]!.GetValue<int>() >= 1);

        JsonObject unknownRequest = await Admin(new JsonObject { ["janus"] = "query_transport", ["transport"] = "janus.transport.http", ["request"] = new JsonObject { ["request"] = "dance" } });
        Assert.Equal(411, unknownRequest["response"]!["error_code"]!.GetValue<int>());
        JsonObject noTransport = await Admin(new JsonObject { ["janus"] = "query_transport", ["transport"] = "janus.transport.mqtt" });
        Assert.Equal("Invalid transport", noTransport["error"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Admin_over_http_uses_the_path_for_ids()
    {
        long session = await _ws.CreateSessionAsync();
        long handle = await _ws.AttachAsync(session);
        JsonNode info = await _adminHttp.PostAsync($"/admin/{session}/{handle}", new JsonObject { ["janus"] = "handle_info", ["admin_secret"] = "janusoverlord", ["plugin_only"] = true });
        Assert.Equal(handle, info["handle_id"]!.GetValue<long>());
        JsonNode getInfo = await _adminHttp.GetAsync("/admin/info");
        Assert.Equal("server_info", getInfo["janus"]!.GetValue<string>());
        JsonNode noBody = await _adminHttp.PostRawAsync("/admin", "");
        Assert.Equal(454, noBody["error"]!["code"]!.GetValue<int>());
        Assert.Equal("Request payload missing", noBody["error"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Removing_a_plugin_detaches_its_handles()
    {
        long session = await _ws.CreateSessionAsync();
        long handle = await _ws.AttachAsync(session);
        await _server.Core.Plugins.RemoveAsync(TestEchoPlugin.PackageName);
        JsonObject detached = await _ws.WaitForJanusAsync("detached");
        Assert.Equal(handle, detached["sender"]!.GetValue<long>());
        Assert.Equal(0, _plugin.LiveSessions);
        JsonObject attach = await _ws.RequestAsync(new JsonObject { ["janus"] = "attach", ["session_id"] = session, ["plugin"] = TestEchoPlugin.PackageName });
        Assert.Equal(460, attach["error"]!["code"]!.GetValue<int>());
    }
}
