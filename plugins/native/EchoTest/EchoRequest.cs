using System.Text.Json;
using System.Text.Json.Nodes;

namespace Janus.Plugins.EchoTest;

/// <summary>The one EchoTest request: every field optional, types checked as Janus checks them.</summary>
internal sealed class EchoRequest
{
    private enum Kind { Boolean, PositiveInteger, Integer, String }

    private static readonly (string Name, Kind Kind)[] Parameters =
    [
        ("audio", Kind.Boolean), ("video", Kind.Boolean), ("bitrate", Kind.PositiveInteger),
        ("record", Kind.Boolean), ("filename", Kind.String), ("substream", Kind.PositiveInteger),
        ("temporal", Kind.PositiveInteger), ("spatial_layer", Kind.PositiveInteger), ("temporal_layer", Kind.PositiveInteger),
        ("fallback", Kind.PositiveInteger), ("audiocodec", Kind.String), ("videocodec", Kind.String),
        ("videoprofile", Kind.String), ("opusred", Kind.Boolean), ("min_delay", Kind.Integer), ("max_delay", Kind.Integer),
    ];

    public EchoRequest(JsonObject body)
    {
        Audio = Bool(body, "audio");
        Video = Bool(body, "video");
        Record = Bool(body, "record");
        Filename = Str(body, "filename");
        Bitrate = body["bitrate"] is JsonValue b ? (uint)Math.Min(b.GetValue<long>(), uint.MaxValue) : null;
        Substream = Int(body, "substream");
        Temporal = Int(body, "temporal");
        Fallback = Int(body, "fallback");
        SpatialLayer = Int(body, "spatial_layer");
        TemporalLayer = Int(body, "temporal_layer");
        AudioCodec = Str(body, "audiocodec");
        VideoCodec = Str(body, "videocodec");
        VideoProfile = Str(body, "videoprofile");
        foreach (var (name, _) in Parameters)
        {
            HasAnyAttribute |= body.ContainsKey(name) && name != "filename";
        }
    }

    public bool? Audio { get; }
    public bool? Video { get; }
    public bool? Record { get; }
    public string? Filename { get; }
    public uint? Bitrate { get; }
    public int? Substream { get; }
    public int? Temporal { get; }
    public int? Fallback { get; }
    public int? SpatialLayer { get; }
    public int? TemporalLayer { get; }
    public string? AudioCodec { get; }
    public string? VideoCodec { get; }
    public string? VideoProfile { get; }
    public bool HasAnyAttribute { get; }

    /// <summary>Null when every known field has the right type and range, else Janus's "Invalid element"/"Invalid value" text.</summary>
    public static string? Validate(JsonObject body)
    {
        string? invalidType = ValidateTypes(body);
        if (invalidType is not null)
        {
            return invalidType;
        }
        foreach (string name in (ReadOnlySpan<string>)["substream", "temporal", "spatial_layer", "temporal_layer"])
        {
            if (Int(body, name) > 2)
            {
                return $"Invalid value ({name} should be 0, 1 or 2)";
            }
        }
        return null;
    }

    private static string? ValidateTypes(JsonObject body)
    {
        foreach (var (name, kind) in Parameters)
        {
            if (body[name] is not JsonNode node)
            {
                continue;
            }
            bool ok = node is JsonValue v && kind switch
            {
                Kind.Boolean => v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
                Kind.String => v.GetValueKind() == JsonValueKind.String,
                Kind.Integer => v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long _),
                Kind.PositiveInteger => v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long n) && n >= 0,
                _ => false,
            };
            if (!ok)
            {
                string expected = kind switch
                {
                    Kind.Boolean => "a boolean",
                    Kind.String => "a string",
                    Kind.Integer => "an integer",
                    _ => "a positive integer",
                };
                return $"Invalid element type ({name} should be {expected})";
            }
        }
        return null;
    }

    private static bool? Bool(JsonObject body, string name) => body[name] is JsonValue v ? v.GetValue<bool>() : null;

    private static int? Int(JsonObject body, string name) => body[name] is JsonValue v ? (int)Math.Clamp(v.GetValue<long>(), int.MinValue, int.MaxValue) : null;

    private static string? Str(JsonObject body, string name) => body[name] is JsonValue v ? v.GetValue<string>() : null;
}
