using System.Buffers.Binary;

namespace Janus.Media.Sctp;

/// <summary>
/// Builds one outgoing packet in a reused buffer: the common header, then chunks appended one by one, then the
/// CRC32c. Not thread-safe; the association owns one and uses it under its lock.
/// </summary>
internal sealed class SctpPacketWriter
{
    private readonly byte[] _buffer;
    private int _length;

    public SctpPacketWriter(int maxPacketSize)
    {
        _buffer = new byte[maxPacketSize];
    }

    public int Capacity => _buffer.Length;
    public int Length => _length;
    public int Remaining => _buffer.Length - _length;
    public bool HasChunks => _length > SctpPacket.CommonHeaderLength;

    public void Begin(ushort sourcePort, ushort destinationPort, uint verificationTag)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(4), verificationTag);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(8), 0);
        _length = SctpPacket.CommonHeaderLength;
    }

    /// <summary>Room left for a chunk value, after its header and with padding accounted.</summary>
    public bool Fits(int valueLength) => ((SctpPacket.ChunkHeaderLength + valueLength + 3) & ~3) <= Remaining;

    /// <summary>Appends a chunk header and returns the span for its value, which the caller fills completely.</summary>
    public Span<byte> AddChunk(SctpChunkType type, byte flags, int valueLength)
    {
        int chunkLength = SctpPacket.ChunkHeaderLength + valueLength;
        int padded = (chunkLength + 3) & ~3;
        if (padded > Remaining || chunkLength > ushort.MaxValue)
        {
            throw new InvalidOperationException("chunk does not fit in the packet");
        }

        Span<byte> chunk = _buffer.AsSpan(_length, padded);
        chunk[0] = (byte)type;
        chunk[1] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(chunk[2..], (ushort)chunkLength);
        chunk[chunkLength..].Clear();
        _length += padded;
        return chunk.Slice(SctpPacket.ChunkHeaderLength, valueLength);
    }

    /// <summary>Writes the checksum and returns the finished packet (valid until the next Begin).</summary>
    public ReadOnlySpan<byte> Finish()
    {
        Span<byte> packet = _buffer.AsSpan(0, _length);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(packet[8..], Crc32c.Compute(packet));
        return packet;
    }
}
