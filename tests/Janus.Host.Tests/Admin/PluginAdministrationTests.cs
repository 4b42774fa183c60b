using System.Text.Json.Nodes;
using Janus.Host.Tests.Infrastructure;
using Janus.Scripting.Management;

namespace Janus.Host.Tests.Admin;

/// <summary>
/// <c>list_plugins</c>, <c>reload_plugins</c> and the <c>info</c> plugin fields, against a server whose plugins
/// come from a temporary folder through the script plugin manager (file watching off: reloads happen on request).
/// </summary>
public sealed class PluginAdministrationTests : IAsyncLifetime
{
    private const string Package = "janus.plugin.greeter";
    private string _folder = null!;
    private string _script = null!;
    private ScriptPluginManager? _manager;
    private JanusServer _server = null!;
    private JanusWsClient _admin = null!;
    private JanusWsClient _ws = null!;
    private JanusHttpClient _adminHttp = null!;

    private static string Greeter(int version) => $$"""
        function getPackage() { return "{{Package}}"; }
        function getName() { return "Greeter v{{version}}"; }
        function getVersion() { return {{version}}; }
        function getVersionString() { return "0.{{version}}"; }
        function init() {}
        function createSession(id) {}
        function handleMessage(id, tx, msg) { return JSON.stringify({ version: {{version}} }); }
        """;

    // Line 3 has an expression cut short: the parser stops there.
    private const string BrokenGreeter = "function getPackage() { return \"janus.plugin.greeter\"; }\nfunction init() {}\nfunction handleMessage(id, tx, msg) { return (;\n";

    public async Task InitializeAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "janus-admin-plugins-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_folder, "js"));
        _script = Path.Combine(_folder, "js", "greeter.js");
        await File.WriteAllTextAsync(_script, Greeter(1));
        (_server, _) = await TestServer.StartAsync(o => o.TokenAuth = false, new JanusServerSettings
        {
            LongPollTimeout = TimeSpan.FromSeconds(2),
            BeforeTransports = async (core, token) =>
            {
                _manager = new ScriptPluginManager(core.Plugins, new ScriptPluginOptions { PluginsFolder = _folder, WatchForChanges = false });
                core.PluginAdministration = _manager;
                await _manager.StartAsync(token);
            },
        });
        _admin = await JanusWsClient.ConnectAsync(_server.AdminWebSocketPort, "janus-admin-protocol");
        _ws = await JanusWsClient.ConnectAsync(_server.WebSocketPort);
        _adminHttp = new JanusHttpClient(_server.AdminHttpPort);
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _ws.DisposeAsync();
        _adminHttp.Dispose();
        if (_manager is not null)
        {
            await _manager.DisposeAsync();
        }

        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<JsonObject> Admin(JsonObject request)
    {
        request["admin_secret"] ??= "janusoverlord";
        return _admin.RequestAsync(request, 30000);
    }

    private static JsonObject Greeter(JsonObject reply)
    {
        Assert.Equal("success", reply["janus"]!.GetValue<string>());
        return reply["plugins"]!.AsArray().Select(p => p!.AsObject()).Single(p => p["package"]!.GetValue<string>() == Package);
    }

    private async Task<int> AskVersionAsync(long session, long handle)
    {
        JsonObject reply = await _ws.RequestAsync(new JsonObject
        {
            ["janus"] = "message", ["session_id"] = session, ["handle_id"] = handle, ["body"] = new JsonObject { ["request"] = "version" },
        });
        Assert.Equal("success", reply["janus"]!.GetValue<string>());
        return reply["plugindata"]!["data"]!["version"]!.GetValue<int>();
    }

    [Fact]
    public async Task Both_requests_need_the_admin_secret()
    {
        foreach (string verb in new[] { "list_plugins", "reload_plugins" })
        {
            JsonObject refused = await _admin.RequestAsync(new JsonObject { ["janus"] = verb });
            Assert.Equal(403, refused["error"]!["code"]!.GetValue<int>());
            JsonObject wrong = await _admin.RequestAsync(new JsonObject { ["janus"] = verb, ["admin_secret"] = "nope" });
            Assert.Equal(403, wrong["error"]!["code"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task List_plugins_describes_each_plugin_file()
    {
        JsonObject greeter = Greeter(await Admin(new JsonObject { ["janus"] = "list_plugins" }));
        Assert.Equal("Greeter v1", greeter["name"]!.GetValue<string>());
        Assert.Equal("js", greeter["language"]!.GetValue<string>());
        Assert.Equal(_script, greeter["file"]!.GetValue<string>());
        Assert.Equal(1, greeter["version"]!.GetValue<int>());
        Assert.Equal("0.1", greeter["version_string"]!.GetValue<string>());
        Assert.Equal("loaded", greeter["state"]!.GetValue<string>());
        Assert.Equal(0, greeter["reloads"]!.GetValue<int>());
        Assert.Null(greeter["error"]);
        DateTimeOffset loadedAt = DateTimeOffset.Parse(greeter["loaded_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(loadedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddSeconds(1));

        // The same answer over HTTP.
        JsonNode http = await _adminHttp.PostAsync("/admin", new JsonObject { ["janus"] = "list_plugins", ["transaction"] = "h1", ["admin_secret"] = "janusoverlord" });
        Assert.Equal("js", Greeter(http.AsObject())["language"]!.GetValue<string>());
    }

    [Fact]
    public async Task Info_lists_language_and_file_beside_the_Janus_fields()
    {
        JsonObject info = await _ws.RequestAsync(new JsonObject { ["janus"] = "info" });
        JsonObject greeter = info["plugins"]![Package]!.AsObject();
        Assert.Equal("Greeter v1", greeter["name"]!.GetValue<string>());
        Assert.Equal(1, greeter["version"]!.GetValue<int>());
        Assert.Equal("0.1", greeter["version_string"]!.GetValue<string>());
        Assert.NotNull(greeter["author"]);
        Assert.NotNull(greeter["description"]);
        Assert.Equal("js", greeter["language"]!.GetValue<string>());
        Assert.Equal(_script, greeter["file"]!.GetValue<string>());

        // A plugin handed to the server in code is native, and its file is the assembly it lives in.
        JsonObject compiled = info["plugins"]![TestEchoPlugin.PackageName]!.AsObject();
        Assert.Equal("native", compiled["language"]!.GetValue<string>());
        Assert.Equal(typeof(TestEchoPlugin).Assembly.Location, compiled["file"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bad_version_keeps_the_old_one_running_and_reports_file_and_line_until_a_good_one_replaces_it()
    {
        long session = await _ws.CreateSessionAsync();
        long handle = await _ws.AttachAsync(session, Package);
        Assert.Equal(1, await AskVersionAsync(session, handle));

        await File.WriteAllTextAsync(_script, BrokenGreeter);
        JsonObject failed = Greeter(await Admin(new JsonObject { ["janus"] = "reload_plugins", ["plugin"] = Package }));
        Assert.Equal("loaded", failed["state"]!.GetValue<string>());
        Assert.Equal(1, failed["version"]!.GetValue<int>());
        Assert.Equal(_script, failed["error"]!["file"]!.GetValue<string>());
        Assert.Equal(3, failed["error"]!["line"]!.GetValue<int>());
        Assert.Contains("Unexpected", failed["error"]!["message"]!.GetValue<string>());
        Assert.Equal(1, await AskVersionAsync(session, handle));
        Assert.Equal(failed.ToJsonString(), Greeter(await Admin(new JsonObject { ["janus"] = "list_plugins" })).ToJsonString());

        await File.WriteAllTextAsync(_script, Greeter(2));
        JsonObject reloaded = Greeter(await Admin(new JsonObject { ["janus"] = "reload_plugins", ["plugin"] = Package }));
        Assert.Equal("loaded", reloaded["state"]!.GetValue<string>());
        Assert.Equal(2, reloaded["version"]!.GetValue<int>());
        Assert.Equal("0.2", reloaded["version_string"]!.GetValue<string>());
        Assert.Equal(1, reloaded["reloads"]!.GetValue<int>());
        Assert.Null(reloaded["error"]);
        // Same handle, new code: the session was carried over.
        Assert.Equal(2, await AskVersionAsync(session, handle));
    }

    [Fact]
    public async Task Reloading_everything_picks_up_new_files_and_drops_deleted_ones()
    {
        string second = Path.Combine(_folder, "js", "second.js");
        await File.WriteAllTextAsync(second, Greeter(7).Replace(Package, "janus.plugin.second", StringComparison.Ordinal));
        JsonObject added = await Admin(new JsonObject { ["janus"] = "reload_plugins" });
        JsonObject secondStatus = added["plugins"]!.AsArray().Select(p => p!.AsObject()).Single(p => p["file"]!.GetValue<string>() == second);
        Assert.Equal("janus.plugin.second", secondStatus["package"]!.GetValue<string>());
        Assert.Equal("loaded", secondStatus["state"]!.GetValue<string>());
        // greeter.js did not change: a reload without a name leaves it (and its handles) alone.
        Assert.Equal(0, Greeter(added)["reloads"]!.GetValue<int>());
        Assert.Equal(7, (await _ws.RequestAsync(new JsonObject { ["janus"] = "info" }))["plugins"]!["janus.plugin.second"]!["version"]!.GetValue<int>());

        File.Delete(second);
        JsonObject removed = await Admin(new JsonObject { ["janus"] = "reload_plugins" });
        Assert.Equal("unloaded", removed["plugins"]!.AsArray().Single(p => p!["file"]!.GetValue<string>() == second)!["state"]!.GetValue<string>());
        Assert.Null((await _ws.RequestAsync(new JsonObject { ["janus"] = "info" }))["plugins"]!["janus.plugin.second"]);
    }

    [Fact]
    public async Task Bad_reload_requests_get_Janus_error_codes()
    {
        JsonObject unknown = await Admin(new JsonObject { ["janus"] = "reload_plugins", ["plugin"] = "janus.plugin.nope" });
        Assert.Equal(460, unknown["error"]!["code"]!.GetValue<int>());
        JsonObject wrongType = await Admin(new JsonObject { ["janus"] = "reload_plugins", ["plugin"] = 5 });
        Assert.Equal(467, wrongType["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_server_without_plugin_files_refuses_both_requests()
    {
        (JanusServer bare, _) = await TestServer.StartAsync(o => o.TokenAuth = false);
        await using (bare)
        {
            await using JanusWsClient admin = await JanusWsClient.ConnectAsync(bare.AdminWebSocketPort, "janus-admin-protocol");
            foreach (string verb in new[] { "list_plugins", "reload_plugins" })
            {
                JsonObject refused = await admin.RequestAsync(new JsonObject { ["janus"] = verb, ["admin_secret"] = "janusoverlord" });
                Assert.Equal(490, refused["error"]!["code"]!.GetValue<int>());
            }

            JsonObject info = await admin.RequestAsync(new JsonObject { ["janus"] = "info" });
            Assert.Equal("native", info["plugins"]![TestEchoPlugin.PackageName]!["language"]!.GetValue<string>());
        }
    }
}
