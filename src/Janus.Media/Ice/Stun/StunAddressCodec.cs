using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Janus.Media.Ice.Stun;

/// <summary>MAPPED-ADDRESS and XOR-MAPPED-ADDRESS values (RFC 8489 §14.1, §14.2).</summary>
internal static class StunAddressCodec
{
    private const byte FamilyV4 = 0x01;
    private const byte FamilyV6 = 0x02;

    public static int EncodedLength(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 20 : 8;

    /// <summary>Writes the attribute value; the XOR form uses the magic cookie and, for IPv6, the transaction id.</summary>
    public static int Encode(Span<byte> destination, ReadOnlySpan<byte> addressBytes, int port, bool xor, ReadOnlySpan<byte> transactionId)
    {
        bool v6 = addressBytes.Length == 16;
        destination[0] = 0;
        destination[1] = v6 ? FamilyV6 : FamilyV4;
        ushort p = (ushort)port;
        if (xor)
        {
            p ^= (ushort)(StunConstants.MagicCookie >> 16);
        }
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), p);
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
        transactionId.CopyTo(mask.Slice(4));
        for (int i = 0; i < addressBytes.Length; i++)
        {
            destination[4 + i] = xor ? (byte)(addressBytes[i] ^ mask[i]) : addressBytes[i];
        }
        return 4 + addressBytes.Length;
    }

    public static bool TryDecode(ReadOnlySpan<byte> value, bool xor, ReadOnlySpan<byte> transactionId, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (value.Length < 8)
        {
            return false;
        }
        int addressLength = value[1] switch { FamilyV4 => 4, FamilyV6 => 16, _ => 0 };
        if (addressLength == 0 || value.Length != 4 + addressLength)
        {
            return false;
        }
        ushort port = BinaryPrimitives.ReadUInt16BigEndian(value.Slice(2));
        Span<byte> address = stackalloc byte[addressLength];
        value.Slice(4, addressLength).CopyTo(address);
        if (xor)
        {
            port ^= (ushort)(StunConstants.MagicCookie >> 16);
            Span<byte> mask = stackalloc byte[16];
            BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
            transactionId.CopyTo(mask.Slice(4));
            for (int i = 0; i < addressLength; i++)
            {
                address[i] ^= mask[i];
            }
        }
        endPoint = new IPEndPoint(new IPAddress(address), port);
        return true;
    }
}
