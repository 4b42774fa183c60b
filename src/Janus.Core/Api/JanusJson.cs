using System.Text.Json;
using System.Text.Json.Nodes;

namespace Janus.Core.Api;

/// <summary>Typed reads of request elements with jansson's notion of types, and the validation Janus runs on requests.</summary>
internal static class JanusJson
{
    public const string MissingFormat = "Missing mandatory element ({0})";
    public const string InvalidFormat = "Invalid element type ({0} should be {1})";

    public static JsonValueKind KindOf(JsonNode? node) => node is null ? JsonValueKind.Undefined : node.GetValueKind();

    /// <summary>An integer in jansson's sense: a JSON number without fraction or exponent that fits 64 bits.</summary>
    public static bool TryGetInteger(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue jsonValue || jsonValue.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }
        if (jsonValue.TryGetValue(out JsonElement element))
        {
            return element.TryGetInt64(out value) && IsPlainInteger(element.GetRawText());
        }
        if (jsonValue.TryGetValue(out long l))
        {
            value = l;
            return true;
        }
        if (jsonValue.TryGetValue(out int i))
        {
            value = i;
            return true;
        }
        return false;
    }

    private static bool IsPlainInteger(string raw)
    {
        foreach (char c in raw)
        {
            if (c is '.' or 'e' or 'E')
            {
                return false;
            }
        }
        return true;
    }

    public static string? GetString(JsonNode? node)
        => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static bool IsTrue(JsonNode? node) => KindOf(node) == JsonValueKind.True;

    public static bool IsBoolean(JsonNode? node) => KindOf(node) is JsonValueKind.True or JsonValueKind.False;

    /// <summary>
    /// Checks <paramref name="obj"/> against <paramref name="parameters"/> in order and reports the first problem
    /// with Janus's wording; a null object misses every required element.
    /// </summary>
    public static bool Validate(JsonObject? obj, ReadOnlySpan<JsonParameter> parameters, out int code, out string cause,
        string missingFormat = MissingFormat, string invalidFormat = InvalidFormat)
    {
        foreach (JsonParameter p in parameters)
        {
            JsonNode? node = null;
            bool present = obj is not null && obj.TryGetPropertyValue(p.Name, out node);
            if (!present)
            {
                if ((p.Flags & JsonParameterFlags.Required) != 0)
                {
                    code = JanusErrorCode.MissingMandatoryElement;
                    cause = string.Format(missingFormat, p.Name);
                    return false;
                }
                continue;
            }
            if (!IsValid(node, p))
            {
                code = JanusErrorCode.InvalidElementType;
                cause = string.Format(invalidFormat, p.Name, TypeName(p));
                return false;
            }
        }
        code = 0;
        cause = "";
        return true;
    }

    private static bool IsValid(JsonNode? node, JsonParameter p)
    {
        JsonValueKind kind = KindOf(node);
        bool typeOk = p.Type switch
        {
            JsonParameterType.String => kind == JsonValueKind.String,
            JsonParameterType.Integer => TryGetInteger(node, out _),
            JsonParameterType.Real => kind == JsonValueKind.Number && !TryGetInteger(node, out _),
            JsonParameterType.Boolean => kind is JsonValueKind.True or JsonValueKind.False,
            JsonParameterType.Object => kind == JsonValueKind.Object,
            JsonParameterType.Array => kind == JsonValueKind.Array,
            _ => false,
        };
        if (!typeOk)
        {
            return false;
        }
        if ((p.Flags & JsonParameterFlags.Positive) != 0)
        {
            if (p.Type == JsonParameterType.Integer)
            {
                TryGetInteger(node, out long v);
                return v >= 0;
            }
            if (p.Type == JsonParameterType.Real)
            {
                return node!.GetValue<double>() >= 0;
            }
        }
        else if ((p.Flags & JsonParameterFlags.NonEmpty) != 0)
        {
            if (p.Type == JsonParameterType.String)
            {
                return GetString(node)!.Length > 0;
            }
            if (p.Type == JsonParameterType.Array)
            {
                return node!.AsArray().Count > 0;
            }
        }
        return true;
    }

    private static string TypeName(JsonParameter p)
    {
        string prefix = (p.Flags & JsonParameterFlags.Positive) != 0 ? "a positive "
            : (p.Flags & JsonParameterFlags.NonEmpty) != 0 ? "a non-empty "
            : p.Type is JsonParameterType.Integer or JsonParameterType.Array or JsonParameterType.Object ? "an " : "a ";
        string name = p.Type switch
        {
            JsonParameterType.Boolean => "boolean",
            JsonParameterType.Integer => "integer",
            JsonParameterType.Real => "real",
            JsonParameterType.String => "string",
            JsonParameterType.Array => "array",
            JsonParameterType.Object => "object",
            _ => "",
        };
        return prefix + name;
    }

    /// <summary>A reply or event envelope as Janus builds it: <c>janus</c>, then <c>session_id</c> if any, then <c>transaction</c> if any.</summary>
    public static JsonObject Message(string janus, long sessionId, string? transaction)
    {
        var msg = new JsonObject { ["janus"] = janus };
        if (sessionId > 0)
        {
            msg["session_id"] = sessionId;
        }
        if (transaction is not null)
        {
            msg["transaction"] = transaction;
        }
        return msg;
    }

    public static JsonObject Error(long sessionId, string? transaction, int code, string? reason)
    {
        JsonObject msg = Message("error", sessionId, transaction);
        msg["error"] = new JsonObject
        {
            ["code"] = code,
            ["reason"] = reason ?? JanusErrorCode.DefaultReason(code),
        };
        return msg;
    }

    /// <summary>A node the caller handed us may already sit in another tree (JsonNode allows one parent): copy it then.</summary>
    public static T Adopt<T>(T node) where T : JsonNode => node.Parent is null ? node : (T)node.DeepClone();
}
