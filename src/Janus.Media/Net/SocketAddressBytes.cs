using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Janus.Media.Net;

/// <summary>
/// Reads a <see cref="SocketAddress"/> without turning it into an <see cref="IPEndPoint"/>. The sockaddr_in and
/// sockaddr_in6 layouts put the port at offset 2 and the address at offset 4 (IPv4) or 8 (IPv6) on every platform
/// .NET runs on; only the family bytes differ, and <see cref="SocketAddress.Family"/> reads those for us.
/// </summary>
internal static class SocketAddressBytes
{
    public static int GetPort(SocketAddress address) => BinaryPrimitives.ReadUInt16BigEndian(address.Buffer.Span.Slice(2));

    public static ReadOnlySpan<byte> GetAddress(SocketAddress address) =>
        address.Family == AddressFamily.InterNetworkV6 ? address.Buffer.Span.Slice(8, 16) : address.Buffer.Span.Slice(4, 4);

    /// <summary>Allocates; for the rare paths (a new peer address, logging).</summary>
    public static IPEndPoint ToEndPoint(SocketAddress address)
    {
        var ip = new IPAddress(GetAddress(address));
        if (address.Family == AddressFamily.InterNetworkV6)
        {
            ip.ScopeId = BinaryPrimitives.ReadUInt32LittleEndian(address.Buffer.Span.Slice(24));
        }
        return new IPEndPoint(ip, GetPort(address));
    }

    /// <summary>A copy safe to keep (the receive loop reuses its own).</summary>
    public static SocketAddress Clone(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span.CopyTo(copy.Buffer.Span);
        return copy;
    }

    public static bool SameAddress(SocketAddress address, IPAddress ip, int port)
    {
        if (address.Family != ip.AddressFamily || GetPort(address) != port)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[16];
        return ip.TryWriteBytes(bytes, out int written) && GetAddress(address).SequenceEqual(bytes.Slice(0, written));
    }

    /// <summary>Family, port and address equal (flow label and scope ignored).</summary>
    public static bool Equal(SocketAddress a, SocketAddress b) =>
        a.Family == b.Family && GetPort(a) == GetPort(b) && GetAddress(a).SequenceEqual(GetAddress(b));
}
