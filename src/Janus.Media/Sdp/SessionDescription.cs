using System.Diagnostics.CodeAnalysis;
using A = Janus.Media.Sdp.SdpAttributeNames;

namespace Janus.Media.Sdp;

/// <summary>
/// An SDP (RFC 8866) as WebRTC peers exchange it: session lines, session attributes in order, media sections.
/// <see cref="Parse"/> then <see cref="ToString"/> gives back the same bytes for well-formed CRLF input.
/// Not thread-safe: one owner mutates it; <see cref="Clone"/> before handing it to someone who edits.
/// </summary>
public sealed class SessionDescription
{
    public int Version { get; set; }

    public SdpOrigin Origin { get; set; } = SdpOrigin.Create(0, 0, "127.0.0.1");

    /// <summary>The <c>s=</c> text; null only when the peer omitted the line.</summary>
    public string? SessionName { get; set; } = "-";

    /// <summary>The first <c>t=</c> value; null only when the peer omitted the line.</summary>
    public string? Timing { get; set; } = "0 0";

    public SdpConnection? Connection { get; set; }

    /// <summary>Session lines without a typed property (<c>i=</c>, <c>b=</c>, <c>r=</c>, ...), kept verbatim.</summary>
    public List<SdpLine> ExtraLines { get; } = [];

    public SdpAttributeList Attributes { get; } = new();

    public List<MediaDescription> Media { get; } = [];

    /// <summary>Reads an SDP. Throws <see cref="SdpParseException"/> (and nothing else) when it is not one.</summary>
    public static SessionDescription Parse(string? sdp) => SdpParser.Parse(sdp);

    /// <summary>Reads an SDP; never throws. On failure <paramref name="error"/> says why (for the 465 reason).</summary>
    public static bool TryParse(string? sdp, [NotNullWhen(true)] out SessionDescription? description, out SdpParseException? error)
    {
        description = SdpParser.TryParse(sdp, out error);
        return description is not null;
    }

    public static bool TryParse(string? sdp, [NotNullWhen(true)] out SessionDescription? description) =>
        TryParse(sdp, out description, out _);

    /// <summary>The SDP text, every line ending in CRLF.</summary>
    public override string ToString() => SdpWriter.Write(this);

    public SessionDescription Clone()
    {
        var copy = new SessionDescription
        {
            Version = Version,
            Origin = Origin,
            SessionName = SessionName,
            Timing = Timing,
            Connection = Connection,
        };
        copy.ExtraLines.AddRange(ExtraLines);
        foreach (var attribute in Attributes)
            copy.Attributes.Add(attribute);
        foreach (var media in Media)
            copy.Media.Add(media.Clone());
        return copy;
    }

    public List<SdpGroup> Groups
    {
        get
        {
            var groups = new List<SdpGroup>();
            foreach (var value in Attributes.GetValues(A.Group))
            {
                if (SdpGroup.TryParse(value, out var group))
                    groups.Add(group);
            }
            return groups;
        }
    }

    /// <summary>The first <c>a=group:BUNDLE</c>, or null.</summary>
    public SdpGroup? BundleGroup
    {
        get
        {
            foreach (var group in Groups)
            {
                if (group.Semantics == SdpGroup.Bundle)
                    return group;
            }
            return null;
        }
    }

    public SdpMsidSemantic? MsidSemantic => SdpMsidSemantic.TryParse(Attributes.GetValue(A.MsidSemantic), out var s) ? s : null;

    public bool IceLite => Attributes.Has(A.IceLite);

    public bool ExtmapAllowMixed => Attributes.Has(A.ExtmapAllowMixed);

    /// <summary>Session-level ICE and DTLS values; media sections may override them (RFC 8839 §5.4, RFC 8122 §5).</summary>
    public string? IceUfrag => Attributes.GetValue(A.IceUfrag)?.Trim();

    public string? IcePwd => Attributes.GetValue(A.IcePwd)?.Trim();

    public IReadOnlyList<string> IceOptions => MediaDescription.OptionTokens(Attributes);

    public SdpFingerprint? Fingerprint => SdpFingerprint.TryParse(Attributes.GetValue(A.Fingerprint), out var f) ? f : null;

    public SdpSetup Setup => SdpSetups.Parse(Attributes.GetValue(A.Setup));

    /// <summary>The media section with this mid, or null.</summary>
    public MediaDescription? FindByMid(string mid)
    {
        foreach (var media in Media)
        {
            if (media.Mid == mid)
                return media;
        }
        return null;
    }
}
