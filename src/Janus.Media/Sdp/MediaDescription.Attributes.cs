using A = Janus.Media.Sdp.SdpAttributeNames;

namespace Janus.Media.Sdp;

/// <summary>Typed views of the attributes of a media section.</summary>
public sealed partial class MediaDescription
{
    public string? Mid
    {
        get => Attributes.GetValue(A.Mid);
        set => SetOrRemove(A.Mid, value);
    }

    /// <summary>The direction attribute; <see cref="SdpDirection.None"/> when there is none. Setting replaces it in place.</summary>
    public SdpDirection Direction
    {
        get
        {
            foreach (var attribute in Attributes)
            {
                if (attribute.IsFlag && SdpDirections.IsDirectionName(attribute.Name))
                    return SdpDirections.FromAttributeName(attribute.Name);
            }
            return SdpDirection.None;
        }
        set
        {
            int index = -1;
            for (int i = Attributes.Count - 1; i >= 0; i--)
            {
                if (Attributes[i].IsFlag && SdpDirections.IsDirectionName(Attributes[i].Name))
                {
                    Attributes.RemoveAt(i);
                    index = i;
                }
            }
            if (value.ToAttributeName() is not { } name)
                return;
            if (index >= 0)
                Attributes.Insert(index, new SdpAttribute(name));
            else
                Attributes.Add(name);
        }
    }

    public SdpMsid? Msid => SdpMsid.TryParse(Attributes.GetValue(A.Msid), out var msid) ? msid : null;

    public string? IceUfrag => Attributes.GetValue(A.IceUfrag)?.Trim();

    public string? IcePwd => Attributes.GetValue(A.IcePwd)?.Trim();

    /// <summary>The tokens of <c>a=ice-options</c> (for example <c>trickle</c>, <c>renomination</c>).</summary>
    public IReadOnlyList<string> IceOptions => OptionTokens(Attributes);

    public SdpFingerprint? Fingerprint => SdpFingerprint.TryParse(Attributes.GetValue(A.Fingerprint), out var f) ? f : null;

    public SdpSetup Setup => SdpSetups.Parse(Attributes.GetValue(A.Setup));

    /// <summary>The candidates that parse; <see cref="Attributes"/> still holds any that do not.</summary>
    public List<SdpCandidate> Candidates => ParseAll<SdpCandidate>(A.Candidate, SdpCandidate.TryParse);

    public bool EndOfCandidates => Attributes.Has(A.EndOfCandidates);

    public SdpRtcpAttribute? Rtcp => SdpRtcpAttribute.TryParse(Attributes.GetValue(A.Rtcp), out var r) ? r : null;

    public bool RtcpMux => Attributes.Has(A.RtcpMux);

    public bool RtcpRsize => Attributes.Has(A.RtcpRsize);

    public List<SdpRtpMap> RtpMaps => ParseAll<SdpRtpMap>(A.RtpMap, SdpRtpMap.TryParse);

    public List<SdpFmtp> Fmtps => ParseAll<SdpFmtp>(A.Fmtp, SdpFmtp.TryParse);

    public List<SdpRtcpFeedback> RtcpFeedbacks => ParseAll<SdpRtcpFeedback>(A.RtcpFb, SdpRtcpFeedback.TryParse);

    public List<SdpExtmap> Extmaps => ParseAll<SdpExtmap>(A.Extmap, SdpExtmap.TryParse);

    public bool ExtmapAllowMixed => Attributes.Has(A.ExtmapAllowMixed);

    public List<SdpSsrc> Ssrcs => ParseAll<SdpSsrc>(A.Ssrc, SdpSsrc.TryParse);

    public List<SdpSsrcGroup> SsrcGroups => ParseAll<SdpSsrcGroup>(A.SsrcGroup, SdpSsrcGroup.TryParse);

    public List<SdpRid> Rids => ParseAll<SdpRid>(A.Rid, SdpRid.TryParse);

    public SdpSimulcast? Simulcast => SdpSimulcast.TryParse(Attributes.GetValue(A.Simulcast), out var s) ? s : null;

    public int? SctpPort => SdpTokens.TryInt(Attributes.GetValue(A.SctpPort)?.Trim() ?? string.Empty, 0, 65535, out int port) ? port : null;

    public long? MaxMessageSize =>
        long.TryParse(Attributes.GetValue(A.MaxMessageSize)?.Trim(), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out long size) ? size : null;

    public SdpSctpMap? SctpMap => SdpSctpMap.TryParse(Attributes.GetValue(A.SctpMap), out var m) ? m : null;

    public SdpRtpMap? GetRtpMap(int payloadType)
    {
        foreach (var map in RtpMaps)
        {
            if (map.PayloadType == payloadType)
                return map;
        }
        return null;
    }

    public SdpFmtp? GetFmtp(int payloadType)
    {
        foreach (var fmtp in Fmtps)
        {
            if (fmtp.PayloadType == payloadType)
                return fmtp;
        }
        return null;
    }

    /// <summary>The feedback that applies to a payload type, the <c>*</c> wildcard included.</summary>
    public List<SdpRtcpFeedback> GetRtcpFeedbacks(int payloadType)
    {
        var result = new List<SdpRtcpFeedback>();
        foreach (var feedback in RtcpFeedbacks)
        {
            if (feedback.AppliesTo(payloadType))
                result.Add(feedback);
        }
        return result;
    }

    public SdpExtmap? GetExtmap(string uri)
    {
        foreach (var extmap in Extmaps)
        {
            if (extmap.Uri == uri)
                return extmap;
        }
        return null;
    }

    /// <summary>The id a header extension is negotiated with in this section, or null.</summary>
    public int? GetExtensionId(string uri) => GetExtmap(uri)?.Id;

    private void SetOrRemove(string name, string? value)
    {
        if (value is null)
            Attributes.Remove(name);
        else
            Attributes.Set(name, value);
    }

    internal static IReadOnlyList<string> OptionTokens(SdpAttributeList attributes)
    {
        var tokens = new List<string>();
        foreach (var value in attributes.GetValues(A.IceOptions))
            tokens.AddRange(SdpTokens.Words(value));
        return tokens;
    }

    private delegate bool TryParser<T>(string? value, out T? result);

    private List<T> ParseAll<T>(string name, TryParser<T> parse)
        where T : class
    {
        var result = new List<T>();
        foreach (var attribute in Attributes)
        {
            if (attribute.Name == name && parse(attribute.Value, out var parsed) && parsed is not null)
                result.Add(parsed);
        }
        return result;
    }
}
