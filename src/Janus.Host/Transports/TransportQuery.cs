using System.Text.Json.Nodes;

namespace Janus.Host.Transports;

/// <summary>
/// The part of the Admin API's <c>query_transport</c> that Janus's HTTP and WebSocket transports share:
/// a <c>request</c> string, <c>configure</c> (events, json) and an error shape of <c>error_code</c>/<c>error</c>.
/// </summary>
internal static class TransportQuery
{
    public const int InvalidRequest = 411;
    public const int MissingElement = 412;
    public const int InvalidElement = 413;

    public static JsonObject Handle(JsonObject? request, JsonOutput output, Func<string, JsonObject, bool> handleOther)
    {
        var response = new JsonObject();
        JsonNode? requestNode = request?["request"];
        if (requestNode is null)
        {
            return Error(response, MissingElement, "Missing mandatory element (request)");
        }
        if (requestNode is not JsonValue v || !v.TryGetValue(out string? verb))
        {
            return Error(response, InvalidElement, "Invalid element type (request should be a string)");
        }
        if (verb.Equals("configure", StringComparison.OrdinalIgnoreCase))
        {
            JsonNode? events = request!["events"];
            if (events is not null && events.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
            {
                return Error(response, InvalidElement, "Invalid element type (events should be a boolean)");
            }
            JsonNode? json = request["json"];
            string? format = null;
            if (json is not null && (json is not JsonValue jv || !jv.TryGetValue(out format)))
            {
                return Error(response, InvalidElement, "Invalid element type (json should be a string)");
            }
            response["result"] = 200;
            var notes = new JsonArray();
            if (events?.GetValueKind() == System.Text.Json.JsonValueKind.True)
            {
                notes.Add("Event handlers disabled at the core level");
            }
            if (format is not null && !output.TryConfigure(format))
            {
                notes.Add("Ignored unsupported indentation format");
            }
            if (notes.Count > 0)
            {
                response["notes"] = notes;
            }
            return response;
        }
        if (handleOther(verb.ToLowerInvariant(), response))
        {
            return response;
        }
        return Error(response, InvalidRequest, $"Unknown request '{verb}'");
    }

    private static JsonObject Error(JsonObject response, int code, string text)
    {
        response["error_code"] = code;
        response["error"] = text;
        return response;
    }
}
