namespace Janus.Scripting.Tests.Management;

/// <summary>Versions of one small plugin per language: counts messages per session and carries the counts across reloads.</summary>
internal static class ReloadScripts
{
    public static string Good(string language, int version) => language switch
    {
        "lua" => $$"""
            local counts = {}
            function init() end
            function createSession(id) counts[id] = counts[id] or 0 end
            function handleMessage(id, tx, msg)
              counts[id] = (counts[id] or -1000) + 1
              return 0, json.encode({ version = {{version}}, count = counts[id] })
            end
            function exportState() return json.encode(counts) end
            function importState(state)
              if state then for k, v in pairs(json.decode(state)) do counts[tonumber(k)] = v end end
            end
            """,
        "js" => $$"""
            var counts = {};
            function init() {}
            function createSession(id) { if (counts[id] === undefined) counts[id] = 0; }
            function handleMessage(id, tx, msg) {
              counts[id] = (counts[id] === undefined ? -1000 : counts[id]) + 1;
              return JSON.stringify({ version: {{version}}, count: counts[id] });
            }
            function exportState() { return JSON.stringify(counts); }
            function importState(state) { if (state) counts = JSON.parse(state); }
            """,
        _ => $$"""
            class Counter : ScriptPlugin
            {
                private Dictionary<long, int> _counts = new();
                public override void CreateSession(long id) => _counts.TryAdd(id, 0);
                public override ScriptReply HandleMessage(long id, string tx, JsonObject m, JsonObject? j)
                {
                    _counts[id] = (_counts.TryGetValue(id, out int c) ? c : -1000) + 1;
                    return ScriptReply.Sync(new JsonObject { ["version"] = {{version}}, ["count"] = _counts[id] });
                }
                public override JsonNode? ExportState() => JsonSerializer.SerializeToNode(_counts);
                public override void ImportState(JsonNode? state) { if (state is not null) _counts = state.Deserialize<Dictionary<long, int>>()!; }
            }
            return new Counter();
            """,
    };

    /// <summary>A version with no state functions: the new version is told the live sessions through createSession.</summary>
    public static string Stateless(string language, int version) => language switch
    {
        "lua" => $$"""
            local counts = {}
            function init() end
            function createSession(id) counts[id] = 0 end
            function handleMessage(id) counts[id] = (counts[id] or -1000) + 1; return 0, json.encode({ version = {{version}}, count = counts[id] }) end
            """,
        "js" => $$"""
            var counts = {};
            function init() {}
            function createSession(id) { counts[id] = 0; }
            function handleMessage(id) { counts[id] = (counts[id] === undefined ? -1000 : counts[id]) + 1; return JSON.stringify({ version: {{version}}, count: counts[id] }); }
            """,
        _ => $$"""
            class Counter : ScriptPlugin
            {
                private readonly Dictionary<long, int> _counts = new();
                public override void CreateSession(long id) => _counts[id] = 0;
                public override ScriptReply HandleMessage(long id, string tx, JsonObject m, JsonObject? j)
                {
                    _counts[id] = (_counts.TryGetValue(id, out int c) ? c : -1000) + 1;
                    return ScriptReply.Sync(new JsonObject { ["version"] = {{version}}, ["count"] = _counts[id] });
                }
            }
            return new Counter();
            """,
    };

    public static string Broken(string language) => language switch
    {
        "lua" => "function init() end\nfunction handleMessage(id\n  return 0, '{}'\nend\n",
        "js" => "function init() {}\nfunction handleMessage(id {\n  return '{}';\n}\n",
        _ => "class Counter : ScriptPlugin {\n  public override ScriptReply HandleMessage(long id string tx, JsonObject m, JsonObject? j) => ScriptReply.Async();\n}\nreturn new Counter();\n",
    };
}
