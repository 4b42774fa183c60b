using System.Globalization;
using System.Net;
using System.Text;

namespace Janus.Media.Ice.Candidates;

/// <summary>
/// One ICE candidate as the SDP <c>candidate</c> attribute carries it (RFC 8839 §5.1):
/// <c>candidate:foundation component transport priority address port typ type [raddr a] [rport p] *(name value)</c>.
/// Extension pairs browsers add (Chromium's <c>generation</c>, <c>ufrag</c>, <c>network-id</c>, <c>network-cost</c>;
/// RFC 6544's <c>tcptype</c>) are kept in order so a written line round-trips.
/// </summary>
public sealed class IceCandidate
{
    private readonly List<KeyValuePair<string, string>> _extensions = new();

    public IceCandidate(string foundation, int component, IceTransportProtocol protocol, uint priority, string address, int port, IceCandidateType type)
    {
        Foundation = foundation;
        Component = component;
        Protocol = protocol;
        Priority = priority;
        Address = address;
        Port = port;
        Type = type;
        IPAddress.TryParse(address, out IPAddress? ip);
        IPAddress = ip;
    }

    public string Foundation { get; }
    public int Component { get; }
    public IceTransportProtocol Protocol { get; }
    public uint Priority { get; }
    /// <summary>The address as written: an IP literal or, for mDNS candidates, a <c>.local</c> name.</summary>
    public string Address { get; }
    /// <summary>The parsed IP, or null when <see cref="Address"/> is a host name.</summary>
    public IPAddress? IPAddress { get; }
    public int Port { get; }
    public IceCandidateType Type { get; }
    public string? RelatedAddress { get; init; }
    public int? RelatedPort { get; init; }
    /// <summary>RFC 6544 tcptype (active, passive, so) for TCP candidates.</summary>
    public string? TcpType { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Extensions => _extensions;

    /// <summary>An mDNS-obfuscated host candidate (draft-ietf-mmusic-mdns-ice-candidates); we cannot resolve those.</summary>
    public bool IsMdns => Address.EndsWith(".local", StringComparison.OrdinalIgnoreCase);

    public IPEndPoint? EndPoint => IPAddress is null ? null : new IPEndPoint(IPAddress, Port);

    public string? GetExtension(string name)
    {
        foreach (KeyValuePair<string, string> pair in _extensions)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }
        return null;
    }

    public IceCandidate WithExtension(string name, string value)
    {
        _extensions.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }

    /// <summary>The attribute value without <c>a=</c>: <c>candidate:...</c>, as trickle messages carry it.</summary>
    public string ToSdpAttribute()
    {
        var sb = new StringBuilder(128);
        sb.Append("candidate:").Append(Foundation).Append(' ')
          .Append(Component.ToString(CultureInfo.InvariantCulture)).Append(' ')
          .Append(Protocol == IceTransportProtocol.Udp ? "udp" : "tcp").Append(' ')
          .Append(Priority.ToString(CultureInfo.InvariantCulture)).Append(' ')
          .Append(Address).Append(' ')
          .Append(Port.ToString(CultureInfo.InvariantCulture))
          .Append(" typ ").Append(TypeName(Type));
        if (RelatedAddress is not null)
        {
            sb.Append(" raddr ").Append(RelatedAddress);
        }
        if (RelatedPort is int rport)
        {
            sb.Append(" rport ").Append(rport.ToString(CultureInfo.InvariantCulture));
        }
        if (TcpType is not null)
        {
            sb.Append(" tcptype ").Append(TcpType);
        }
        foreach (KeyValuePair<string, string> pair in _extensions)
        {
            sb.Append(' ').Append(pair.Key).Append(' ').Append(pair.Value);
        }
        return sb.ToString();
    }

    public override string ToString() => ToSdpAttribute();

    /// <summary>
    /// Parses a candidate line, with or without the <c>a=</c> and <c>candidate:</c> prefixes. False for anything
    /// malformed; unknown extension names are kept, a dangling extension name is refused.
    /// </summary>
    public static bool TryParse(string? line, out IceCandidate? candidate)
    {
        candidate = null;
        if (string.IsNullOrWhiteSpace(line))
        {
            return false;
        }
        string text = line.Trim();
        if (text.StartsWith("a=", StringComparison.Ordinal))
        {
            text = text.Substring(2);
        }
        if (text.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
        {
            text = text.Substring("candidate:".Length);
        }
        string[] f = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 8 || !string.Equals(f[6], "typ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (f[0].Length is 0 or > 32 ||
            !int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out int component) || component is < 1 or > 256 ||
            !TryParseProtocol(f[2], out IceTransportProtocol protocol) ||
            !uint.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out uint priority) ||
            !int.TryParse(f[5], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535 ||
            !TryParseType(f[7], out IceCandidateType type) ||
            f[4].Length == 0)
        {
            return false;
        }
        string? raddr = null;
        int? rport = null;
        string? tcptype = null;
        var extensions = new List<KeyValuePair<string, string>>();
        for (int i = 8; i < f.Length; i += 2)
        {
            if (i + 1 >= f.Length)
            {
                return false;
            }
            string name = f[i];
            string value = f[i + 1];
            switch (name.ToLowerInvariant())
            {
                case "raddr":
                    raddr = value;
                    break;
                case "rport":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int rp) || rp > 65535)
                    {
                        return false;
                    }
                    rport = rp;
                    break;
                case "tcptype":
                    tcptype = value;
                    break;
                default:
                    extensions.Add(new KeyValuePair<string, string>(name, value));
                    break;
            }
        }
        var parsed = new IceCandidate(f[0], component, protocol, priority, f[4], port, type)
        {
            RelatedAddress = raddr,
            RelatedPort = rport,
            TcpType = tcptype,
        };
        parsed._extensions.AddRange(extensions);
        if (parsed.IPAddress is null && !parsed.IsMdns && !IsHostName(f[4]))
        {
            return false;
        }
        candidate = parsed;
        return true;
    }

    public static string TypeName(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => "host",
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        _ => "relay",
    };

    private static bool TryParseType(string text, out IceCandidateType type)
    {
        switch (text.ToLowerInvariant())
        {
            case "host": type = IceCandidateType.Host; return true;
            case "srflx": type = IceCandidateType.ServerReflexive; return true;
            case "prflx": type = IceCandidateType.PeerReflexive; return true;
            case "relay": type = IceCandidateType.Relayed; return true;
            default: type = default; return false;
        }
    }

    private static bool TryParseProtocol(string text, out IceTransportProtocol protocol)
    {
        if (string.Equals(text, "udp", StringComparison.OrdinalIgnoreCase))
        {
            protocol = IceTransportProtocol.Udp;
            return true;
        }
        if (string.Equals(text, "tcp", StringComparison.OrdinalIgnoreCase))
        {
            protocol = IceTransportProtocol.Tcp;
            return true;
        }
        protocol = default;
        return false;
    }

    // RFC 8839 §5.1 allows an FQDN; we keep it (and never resolve it, which keeps checks off the network's DNS).
    private static bool IsHostName(string text)
    {
        foreach (char c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '.'))
            {
                return false;
            }
        }
        return text.Length <= 253;
    }
}
