using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Sdp;

/// <summary>The <c>o=</c> line (RFC 8866 §5.2). Session id and version stay strings: some stacks send more than 64 bits.</summary>
public sealed record SdpOrigin(string Username, string SessionId, string SessionVersion, string NetType, string AddressType, string Address)
{
    public override string ToString() => $"{Username} {SessionId} {SessionVersion} {NetType} {AddressType} {Address}";

    public static SdpOrigin Create(ulong sessionId, ulong sessionVersion, string address) =>
        new("-", sessionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            sessionVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), "IN", AddressTypeOf(address), address);

    internal static string AddressTypeOf(string address) => address.Contains(':') ? "IP6" : "IP4";

    internal static bool TryParse(string value, [NotNullWhen(true)] out SdpOrigin? origin)
    {
        origin = null;
        var parts = value.Split(' ');
        if (parts.Length != 6)
            return false;
        foreach (var part in parts)
        {
            if (part.Length == 0)
                return false;
        }
        origin = new SdpOrigin(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
        return true;
    }
}
