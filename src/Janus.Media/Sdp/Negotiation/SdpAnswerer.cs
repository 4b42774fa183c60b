using System.Text.Json.Nodes;

namespace Janus.Media.Sdp;

/// <summary>
/// Plugins' <c>generateAnswer(offer, options)</c> on <see cref="SdpAnswers"/>, with the option names of Janus's
/// janus-sdp helpers: <c>audio</c>, <c>video</c>, <c>data</c> (accept or reject), <c>audioCodec</c>, <c>videoCodec</c>,
/// <c>vp9Profile</c>, <c>h264Profile</c>, and <c>audioDirection</c>/<c>videoDirection</c>.
/// RTCP feedback and header extensions are the SDP code's defaults (transport-cc included: the core sends its feedback).
/// </summary>
public sealed class SdpAnswerer : ISdpAnswerer
{
    public string GenerateAnswer(string offerSdp, JsonObject? options)
    {
        if (!SessionDescription.TryParse(offerSdp, out SessionDescription? offer, out SdpParseException? error))
        {
            throw new FormatException($"invalid offer: {error?.Message}");
        }
        var answerOptions = new SdpAnswerOptions
        {
            Audio = Medium(options, "audio", "audioCodec", "audioDirection", null, null),
            Video = Medium(options, "video", "videoCodec", "videoDirection", Str(options, "vp9Profile"), Str(options, "h264Profile")),
            Data = Bool(options, "data") ?? true,
        };
        return SdpAnswers.Create(offer, answerOptions).ToString();
    }

    private static SdpMediumAnswerOptions Medium(JsonObject? o, string accept, string codec, string direction, string? vp9, string? h264) => new()
    {
        Accept = Bool(o, accept) ?? true,
        Codecs = Str(o, codec) is { } c ? [c] : null,
        Direction = Str(o, direction) is { } d ? SdpDirections.FromAttributeName(d) : null,
        Vp9Profile = vp9,
        H264ProfileLevelId = h264,
    };

    private static bool? Bool(JsonObject? o, string name) =>
        o?[name] is JsonValue v && v.TryGetValue(out bool b) ? b : null;

    private static string? Str(JsonObject? o, string name) =>
        o?[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
