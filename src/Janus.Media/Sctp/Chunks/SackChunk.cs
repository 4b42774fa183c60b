using System.Buffers.Binary;

namespace Janus.Media.Sctp;

/// <summary>A gap ack block: TSN offsets from the cumulative TSN ack, both ends inclusive (RFC 9260 §3.3.4).</summary>
internal readonly record struct GapAckBlock(ushort Start, ushort End);

/// <summary>SACK (RFC 9260 §3.3.4).</summary>
internal readonly ref struct SackChunk
{
    public const int FixedLength = 12;
    private readonly ReadOnlySpan<byte> _value;

    private SackChunk(ReadOnlySpan<byte> value)
    {
        _value = value;
    }

    public uint CumulativeTsnAck => BinaryPrimitives.ReadUInt32BigEndian(_value);
    public uint AdvertisedReceiverWindow => BinaryPrimitives.ReadUInt32BigEndian(_value[4..]);
    public int GapBlockCount => BinaryPrimitives.ReadUInt16BigEndian(_value[8..]);
    public int DuplicateCount => BinaryPrimitives.ReadUInt16BigEndian(_value[10..]);

    public GapAckBlock GetGapBlock(int index)
    {
        ReadOnlySpan<byte> block = _value.Slice(FixedLength + index * 4, 4);
        return new GapAckBlock(BinaryPrimitives.ReadUInt16BigEndian(block), BinaryPrimitives.ReadUInt16BigEndian(block[2..]));
    }

    public uint GetDuplicate(int index) =>
        BinaryPrimitives.ReadUInt32BigEndian(_value.Slice(FixedLength + GapBlockCount * 4 + index * 4, 4));

    public static bool TryParse(ReadOnlySpan<byte> value, out SackChunk chunk)
    {
        chunk = default;
        if (value.Length < FixedLength)
        {
            return false;
        }

        int gaps = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        int duplicates = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        if (value.Length < FixedLength + (gaps + duplicates) * 4)
        {
            return false;
        }

        chunk = new SackChunk(value);
        return true;
    }

    public static int ValueLength(int gapCount, int duplicateCount) => FixedLength + (gapCount + duplicateCount) * 4;

    public static void Write(Span<byte> destination, uint cumulativeTsnAck, uint window,
        ReadOnlySpan<GapAckBlock> gaps, ReadOnlySpan<uint> duplicates)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, cumulativeTsnAck);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], window);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], (ushort)gaps.Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)duplicates.Length);
        Span<byte> p = destination[FixedLength..];
        foreach (GapAckBlock gap in gaps)
        {
            BinaryPrimitives.WriteUInt16BigEndian(p, gap.Start);
            BinaryPrimitives.WriteUInt16BigEndian(p[2..], gap.End);
            p = p[4..];
        }

        foreach (uint duplicate in duplicates)
        {
            BinaryPrimitives.WriteUInt32BigEndian(p, duplicate);
            p = p[4..];
        }
    }
}
