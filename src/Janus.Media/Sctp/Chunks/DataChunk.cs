using System.Buffers.Binary;

namespace Janus.Media.Sctp;

/// <summary>DATA (RFC 9260 §3.3.1): TSN, stream id, stream sequence number, payload protocol id, user data.</summary>
internal readonly ref struct DataChunk
{
    public const int HeaderLength = 12;

    public DataChunk(byte flags, uint tsn, ushort streamId, ushort ssn, uint ppid, ReadOnlySpan<byte> userData)
    {
        Flags = flags;
        Tsn = tsn;
        StreamId = streamId;
        Ssn = ssn;
        Ppid = ppid;
        UserData = userData;
    }

    public byte Flags { get; }
    public uint Tsn { get; }
    public ushort StreamId { get; }
    public ushort Ssn { get; }
    public uint Ppid { get; }
    public ReadOnlySpan<byte> UserData { get; }
    public bool IsBeginning => (Flags & SctpChunkFlags.Beginning) != 0;
    public bool IsEnd => (Flags & SctpChunkFlags.End) != 0;
    public bool IsUnordered => (Flags & SctpChunkFlags.Unordered) != 0;
    public bool IsImmediate => (Flags & SctpChunkFlags.Immediate) != 0;

    /// <summary>A DATA chunk without user data is a protocol violation (RFC 9260 §6.2); it is refused here.</summary>
    public static bool TryParse(byte flags, ReadOnlySpan<byte> value, out DataChunk chunk)
    {
        if (value.Length <= HeaderLength)
        {
            chunk = default;
            return false;
        }

        chunk = new DataChunk(flags,
            BinaryPrimitives.ReadUInt32BigEndian(value),
            BinaryPrimitives.ReadUInt16BigEndian(value[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(value[6..]),
            BinaryPrimitives.ReadUInt32BigEndian(value[8..]),
            value[HeaderLength..]);
        return true;
    }

    public static void WriteHeader(Span<byte> destination, uint tsn, ushort streamId, ushort ssn, uint ppid)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, tsn);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], streamId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], ssn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ppid);
    }
}
