using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Sdp;

/// <summary>
/// <c>a=rtcp-fb:96 nack pli</c> (RFC 4585 §4.2). <see cref="PayloadType"/> is null for the <c>*</c> wildcard.
/// <see cref="Parameter"/> is the rest after the type (<c>pli</c>, <c>fir</c>), or null.
/// </summary>
public sealed record SdpRtcpFeedback(int? PayloadType, string Type, string? Parameter = null)
{
    /// <summary>"nack", "nack pli", "ccm fir", "goog-remb", "transport-cc": the form preference lists use.</summary>
    public string Kind => Parameter is null ? Type : Type + " " + Parameter;

    public bool AppliesTo(int payloadType) => PayloadType is null || PayloadType == payloadType;

    public override string ToString() => (PayloadType is { } pt ? SdpTokens.Invariant(pt) : "*") + " " + Kind;

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpRtcpFeedback? feedback)
    {
        feedback = null;
        if (value is null)
            return false;
        var words = SdpTokens.Words(value);
        if (words.Length < 2)
            return false;
        int? pt = null;
        if (words[0] != "*")
        {
            if (!SdpTokens.TryInt(words[0], 0, 127, out int parsed))
                return false;
            pt = parsed;
        }
        feedback = new SdpRtcpFeedback(pt, words[1], words.Length > 2 ? string.Join(' ', words, 2, words.Length - 2) : null);
        return true;
    }
}
