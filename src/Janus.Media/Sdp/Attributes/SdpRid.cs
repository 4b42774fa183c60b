using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Sdp;

public enum SdpRidDirection
{
    Send,
    Recv,
}

/// <summary>
/// <c>a=rid:h send pt=96,97;max-width=1280;max-fps=30</c> (RFC 8851 §10). <see cref="Restrictions"/> keeps the
/// other parameters in order; a parameter without a value maps to null.
/// </summary>
public sealed record SdpRid(string Id, SdpRidDirection Direction, IReadOnlyList<int> PayloadTypes, IReadOnlyList<KeyValuePair<string, string?>> Restrictions)
{
    public SdpRid(string id, SdpRidDirection direction)
        : this(id, direction, [], [])
    {
    }

    public string? GetRestriction(string key)
    {
        foreach (var pair in Restrictions)
        {
            if (pair.Key == key)
                return pair.Value;
        }
        return null;
    }

    /// <summary>Equal when written the same: the lists compare by content, not by reference.</summary>
    public bool Equals(SdpRid? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public override string ToString()
    {
        var text = Id + " " + (Direction == SdpRidDirection.Send ? "send" : "recv");
        var parameters = new List<string>();
        if (PayloadTypes.Count > 0)
        {
            var pts = new string[PayloadTypes.Count];
            for (int i = 0; i < pts.Length; i++)
                pts[i] = SdpTokens.Invariant(PayloadTypes[i]);
            parameters.Add("pt=" + string.Join(',', pts));
        }
        foreach (var pair in Restrictions)
            parameters.Add(pair.Value is null ? pair.Key : pair.Key + "=" + pair.Value);
        return parameters.Count == 0 ? text : text + " " + string.Join(';', parameters);
    }

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpRid? rid)
    {
        rid = null;
        if (value is null)
            return false;
        var words = SdpTokens.Words(value);
        if (words.Length is < 2 or > 3)
            return false;
        SdpRidDirection direction;
        if (words[1] == "send")
            direction = SdpRidDirection.Send;
        else if (words[1] == "recv")
            direction = SdpRidDirection.Recv;
        else
            return false;
        var pts = new List<int>();
        var restrictions = new List<KeyValuePair<string, string?>>();
        if (words.Length == 3)
        {
            foreach (var parameter in words[2].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = parameter.IndexOf('=');
                var key = eq < 0 ? parameter : parameter[..eq];
                var paramValue = eq < 0 ? null : parameter[(eq + 1)..];
                if (key == "pt" && paramValue is not null)
                {
                    foreach (var pt in paramValue.Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (!SdpTokens.TryInt(pt, 0, 127, out int parsed))
                            return false;
                        pts.Add(parsed);
                    }
                }
                else
                {
                    restrictions.Add(new KeyValuePair<string, string?>(key, paramValue));
                }
            }
        }
        rid = new SdpRid(words[0], direction, pts, restrictions);
        return true;
    }
}
