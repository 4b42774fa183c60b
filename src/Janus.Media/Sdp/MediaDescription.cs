using A = Janus.Media.Sdp.SdpAttributeNames;

namespace Janus.Media.Sdp;

/// <summary>
/// One media section: the <c>m=</c> line and what follows it up to the next one (RFC 8866 §5.14).
/// <see cref="Attributes"/> is the single source of truth; the typed properties read and write it, so order and
/// unknown attributes survive a round trip. Not thread-safe: one owner mutates it.
/// </summary>
public sealed partial class MediaDescription
{
    public MediaDescription(string mediaType, int port, string protocol, IEnumerable<string> formats)
    {
        MediaType = mediaType;
        Port = port;
        Protocol = protocol;
        Formats = [.. formats];
    }

    /// <summary><c>audio</c>, <c>video</c>, <c>application</c>, or whatever the peer wrote.</summary>
    public string MediaType { get; set; }

    /// <summary>0 means the section is rejected or disabled (RFC 3264 §6), unless <c>a=bundle-only</c> is present.</summary>
    public int Port { get; set; }

    /// <summary>The <c>/number</c> after the port, rarely used (RFC 8866 §5.14).</summary>
    public int? PortCount { get; set; }

    public string Protocol { get; set; }

    /// <summary>Payload types for RTP (<c>111</c>, <c>96</c>), or <c>webrtc-datachannel</c> / <c>5000</c> for SCTP.</summary>
    public List<string> Formats { get; }

    public SdpConnection? Connection { get; set; }

    /// <summary><c>i=</c>, <c>b=</c>, <c>k=</c> and unknown lines of this section, kept verbatim.</summary>
    public List<SdpLine> ExtraLines { get; } = [];

    public SdpAttributeList Attributes { get; } = new();

    public SdpMediaKind Kind => MediaType switch
    {
        "audio" => SdpMediaKind.Audio,
        "video" => SdpMediaKind.Video,
        "application" => SdpMediaKind.Application,
        _ => SdpMediaKind.Other,
    };

    public bool IsRtp => SdpProtocols.IsRtp(Protocol);

    /// <summary>An SCTP data channel section, modern (<c>UDP/DTLS/SCTP webrtc-datachannel</c>) or legacy (<c>DTLS/SCTP 5000</c>).</summary>
    public bool IsDataChannel => Kind == SdpMediaKind.Application && SdpProtocols.IsSctp(Protocol);

    public bool IsLegacyDataChannel => IsDataChannel && Protocol == SdpProtocols.LegacySctp;

    /// <summary>Port 0 without <c>a=bundle-only</c>: the section is refused (RFC 8843 §7.3.3, RFC 3264 §6).</summary>
    public bool IsRejected => Port == 0 && !Attributes.Has(A.BundleOnly);

    /// <summary>The payload types of <see cref="Formats"/> that are numbers (0-127), in order.</summary>
    public List<int> PayloadTypes
    {
        get
        {
            var result = new List<int>(Formats.Count);
            foreach (var format in Formats)
            {
                if (SdpTokens.TryInt(format, 0, 127, out int pt))
                    result.Add(pt);
            }
            return result;
        }
    }

    public MediaDescription Clone()
    {
        var copy = new MediaDescription(MediaType, Port, Protocol, Formats) { PortCount = PortCount, Connection = Connection };
        copy.ExtraLines.AddRange(ExtraLines);
        foreach (var attribute in Attributes)
            copy.Attributes.Add(attribute);
        return copy;
    }

    public override string ToString() => SdpWriter.WriteMedia(this);
}
