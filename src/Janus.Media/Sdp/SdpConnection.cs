using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Sdp;

/// <summary>The <c>c=</c> line (RFC 8866 §5.7). <see cref="Address"/> keeps any <c>/ttl</c> suffix as sent.</summary>
public sealed record SdpConnection(string NetType, string AddressType, string Address)
{
    public override string ToString() => $"{NetType} {AddressType} {Address}";

    public static SdpConnection For(string address) => new("IN", SdpOrigin.AddressTypeOf(address), address);

    internal static bool TryParse(string value, [NotNullWhen(true)] out SdpConnection? connection)
    {
        connection = null;
        var parts = value.Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || parts[2].Length == 0)
            return false;
        connection = new SdpConnection(parts[0], parts[1], parts[2]);
        return true;
    }
}
