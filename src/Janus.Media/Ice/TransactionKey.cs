using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Janus.Media.Ice;

/// <summary>A 96-bit STUN transaction id as a dictionary key (RFC 8489 §5).</summary>
internal readonly record struct TransactionKey(ulong High, uint Low)
{
    public static TransactionKey From(ReadOnlySpan<byte> id) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(id), BinaryPrimitives.ReadUInt32BigEndian(id.Slice(8)));

    public static TransactionKey NewRandom(Span<byte> id)
    {
        RandomNumberGenerator.Fill(id.Slice(0, 12));
        return From(id);
    }
}
