using System.Buffers.Binary;

namespace Janus.Media.Sctp;

/// <summary>One (stream, SSN) pair of a FORWARD-TSN: the last skipped ordered message on that stream.</summary>
internal readonly record struct ForwardTsnStream(ushort StreamId, ushort Ssn);

/// <summary>FORWARD-TSN (RFC 3758 §3.2): the new cumulative TSN, then (stream, SSN) pairs for skipped ordered messages.</summary>
internal readonly ref struct ForwardTsnChunk
{
    private readonly ReadOnlySpan<byte> _value;

    private ForwardTsnChunk(ReadOnlySpan<byte> value)
    {
        _value = value;
    }

    public uint NewCumulativeTsn => BinaryPrimitives.ReadUInt32BigEndian(_value);
    public int StreamCount => (_value.Length - 4) / 4;

    public ForwardTsnStream GetStream(int index)
    {
        ReadOnlySpan<byte> entry = _value.Slice(4 + index * 4, 4);
        return new ForwardTsnStream(BinaryPrimitives.ReadUInt16BigEndian(entry), BinaryPrimitives.ReadUInt16BigEndian(entry[2..]));
    }

    public static bool TryParse(ReadOnlySpan<byte> value, out ForwardTsnChunk chunk)
    {
        chunk = default;
        if (value.Length < 4 || value.Length % 4 != 0)
        {
            return false;
        }

        chunk = new ForwardTsnChunk(value);
        return true;
    }

    public static int ValueLength(int streamCount) => 4 + streamCount * 4;

    public static void Write(Span<byte> destination, uint newCumulativeTsn, ReadOnlySpan<ForwardTsnStream> streams)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, newCumulativeTsn);
        Span<byte> p = destination[4..];
        foreach (ForwardTsnStream stream in streams)
        {
            BinaryPrimitives.WriteUInt16BigEndian(p, stream.StreamId);
            BinaryPrimitives.WriteUInt16BigEndian(p[2..], stream.Ssn);
            p = p[4..];
        }
    }
}
