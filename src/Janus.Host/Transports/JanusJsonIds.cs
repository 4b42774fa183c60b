using System.Text.Json;
using System.Text.Json.Nodes;

namespace Janus.Host.Transports;

/// <summary>Reads <c>session_id</c>/<c>handle_id</c> as Janus does (json_integer_value: 0 unless an integer).</summary>
internal static class JanusJsonIds
{
    public static bool TryGet(JsonObject root, string name, out long value)
    {
        value = 0;
        if (root[name] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }
        if (v.TryGetValue(out JsonElement e))
        {
            return e.TryGetInt64(out value);
        }
        return v.TryGetValue(out value);
    }
}
