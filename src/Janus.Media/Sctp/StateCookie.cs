using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Janus.Media.Sctp;

/// <summary>
/// The State Cookie of an INIT ACK (RFC 9260 §5.1.3): what we need to build the association when the COOKIE ECHO
/// comes back, signed with HMAC-SHA256 under a per-association secret so a forged or altered cookie is refused.
/// </summary>
internal readonly record struct StateCookie(
    uint LocalTag,
    uint PeerTag,
    uint LocalInitialTsn,
    uint PeerInitialTsn,
    uint PeerReceiverWindow,
    ushort PeerOutboundStreams,
    ushort PeerInboundStreams,
    bool PeerForwardTsn,
    bool PeerReconfig,
    long CreatedMs)
{
    private const int BodyLength = 36;
    private const int MacLength = 32;
    public const int Length = BodyLength + MacLength;

    public void Write(Span<byte> destination, ReadOnlySpan<byte> key)
    {
        Span<byte> body = destination[..BodyLength];
        BinaryPrimitives.WriteUInt32BigEndian(body, LocalTag);
        BinaryPrimitives.WriteUInt32BigEndian(body[4..], PeerTag);
        BinaryPrimitives.WriteUInt32BigEndian(body[8..], LocalInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(body[12..], PeerInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(body[16..], PeerReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(body[20..], PeerOutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(body[22..], PeerInboundStreams);
        body[24] = (byte)((PeerForwardTsn ? 1 : 0) | (PeerReconfig ? 2 : 0));
        body[25] = body[26] = body[27] = 0;
        BinaryPrimitives.WriteInt64BigEndian(body[28..], CreatedMs);
        HMACSHA256.HashData(key, body, destination.Slice(BodyLength, MacLength));
    }

    public static bool TryRead(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> key, out StateCookie result)
    {
        result = default;
        if (cookie.Length != Length)
        {
            return false;
        }

        ReadOnlySpan<byte> body = cookie[..BodyLength];
        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(key, body, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, cookie[BodyLength..]))
        {
            return false;
        }

        result = new StateCookie(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            BinaryPrimitives.ReadUInt32BigEndian(body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt16BigEndian(body[20..]),
            BinaryPrimitives.ReadUInt16BigEndian(body[22..]),
            (body[24] & 1) != 0,
            (body[24] & 2) != 0,
            BinaryPrimitives.ReadInt64BigEndian(body[28..]));
        return true;
    }
}
