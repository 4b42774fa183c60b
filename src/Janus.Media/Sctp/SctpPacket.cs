using System.Buffers.Binary;

namespace Janus.Media.Sctp;

/// <summary>One chunk inside a packet: type, flags and the value after the 4-byte chunk header (padding excluded).</summary>
internal readonly ref struct SctpChunk
{
    public SctpChunk(byte type, byte flags, ReadOnlySpan<byte> value)
    {
        Type = type;
        Flags = flags;
        Value = value;
    }

    public byte Type { get; }
    public byte Flags { get; }
    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>
/// A received SCTP packet (RFC 9260 §3): the common header and its chunks. No IP header: over DTLS
/// (RFC 8261) the packet is the whole DTLS application data record.
/// </summary>
internal readonly ref struct SctpPacket
{
    public const int CommonHeaderLength = 12;
    public const int ChunkHeaderLength = 4;

    private SctpPacket(ReadOnlySpan<byte> raw)
    {
        Raw = raw;
    }

    public ReadOnlySpan<byte> Raw { get; }
    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(Raw);
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(Raw[2..]);
    public uint VerificationTag => BinaryPrimitives.ReadUInt32BigEndian(Raw[4..]);
    public ReadOnlySpan<byte> ChunkBytes => Raw[CommonHeaderLength..];

    /// <summary>
    /// Checks the length, the checksum and that every chunk header fits. Returns false for anything malformed;
    /// never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> raw, out SctpPacket packet)
    {
        packet = default;
        if (raw.Length < CommonHeaderLength + ChunkHeaderLength)
        {
            return false;
        }

        // RFC 9260 §6.8: the CRC32c is computed with the checksum field set to zero. It is stored in the byte order
        // that falls out of the reflected algorithm, which reads as little-endian.
        uint received = BinaryPrimitives.ReadUInt32LittleEndian(raw[8..]);
        uint crc = Crc32c.Append(Crc32c.Start, raw[..8]);
        crc = Crc32c.Append(crc, stackalloc byte[4]);
        crc = Crc32c.Finish(Crc32c.Append(crc, raw[CommonHeaderLength..]));
        if (crc != received)
        {
            return false;
        }

        var candidate = new SctpPacket(raw);
        var chunks = candidate.GetChunks();
        int count = 0;
        while (chunks.MoveNext())
        {
            count++;
        }

        if (!chunks.IsWellFormed || count == 0)
        {
            return false;
        }

        packet = candidate;
        return true;
    }

    public ChunkEnumerator GetChunks() => new(ChunkBytes);

    /// <summary>Walks the chunks; stops (and clears <see cref="IsWellFormed"/>) at the first chunk that does not fit.</summary>
    public ref struct ChunkEnumerator
    {
        private ReadOnlySpan<byte> _rest;
        private SctpChunk _current;

        public ChunkEnumerator(ReadOnlySpan<byte> chunks)
        {
            _rest = chunks;
            IsWellFormed = true;
        }

        public bool IsWellFormed { get; private set; }

        public readonly SctpChunk Current => _current;

        public bool MoveNext()
        {
            if (_rest.IsEmpty)
            {
                return false;
            }

            if (_rest.Length < ChunkHeaderLength)
            {
                return Fail();
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(_rest[2..]);
            if (length < ChunkHeaderLength || length > _rest.Length)
            {
                return Fail();
            }

            _current = new SctpChunk(_rest[0], _rest[1], _rest[ChunkHeaderLength..length]);
            int padded = (length + 3) & ~3;
            _rest = padded >= _rest.Length ? ReadOnlySpan<byte>.Empty : _rest[padded..];
            return true;
        }

        private bool Fail()
        {
            IsWellFormed = false;
            _rest = ReadOnlySpan<byte>.Empty;
            return false;
        }
    }
}
