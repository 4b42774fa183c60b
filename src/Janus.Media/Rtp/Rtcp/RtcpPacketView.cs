using System.Buffers.Binary;

namespace Janus.Media.Rtp.Rtcp;

/// <summary>One RTCP packet inside a compound packet (RFC 3550 §6.4): the common header and the body.</summary>
public readonly ref struct RtcpPacketView
{
    public const int HeaderLength = 4;

    internal RtcpPacketView(ReadOnlySpan<byte> packet, int paddingLength)
    {
        Packet = packet;
        PaddingLength = paddingLength;
    }

    /// <summary>The whole packet, header and padding included.</summary>
    public ReadOnlySpan<byte> Packet { get; }

    public int PaddingLength { get; }

    /// <summary>The reception report count, source count, or feedback message type (FMT), by packet type.</summary>
    public int CountOrFormat => Packet[0] & 0x1F;

    public byte PacketType => Packet[1];

    /// <summary>What follows the 4-byte header, without padding.</summary>
    public ReadOnlySpan<byte> Body => Packet[HeaderLength..^PaddingLength];

    /// <summary>The first SSRC after the header (sender of SR/RR/feedback, first chunk of SDES/BYE), or 0.</summary>
    public uint SenderSsrc => Body.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(Body) : 0;

    /// <summary>
    /// Reads one RTCP packet at the start of <paramref name="data"/>; false when the version is not 2, the length
    /// runs past the data, or the padding count is impossible.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out RtcpPacketView packet, out int length)
    {
        packet = default;
        length = 0;
        if (data.Length < HeaderLength || (data[0] >> 6) != 2)
        {
            return false;
        }

        int packetLength = (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) + 1) * 4;
        if (packetLength > data.Length)
        {
            return false;
        }

        int padding = 0;
        if ((data[0] & 0x20) != 0)
        {
            padding = data[packetLength - 1];
            if (padding == 0 || padding > packetLength - HeaderLength)
            {
                return false;
            }
        }

        packet = new RtcpPacketView(data[..packetLength], padding);
        length = packetLength;
        return true;
    }

    /// <summary>Writes the common header: V=2, P=0, count/FMT, packet type, and the length in words minus one.</summary>
    internal static void WriteHeader(Span<byte> destination, int countOrFormat, byte packetType, int totalLength)
    {
        destination[0] = (byte)(0x80 | (countOrFormat & 0x1F));
        destination[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(totalLength / 4 - 1));
    }
}

/// <summary>
/// Walks a compound RTCP packet (RFC 3550 §6.1). Stops at the first malformed packet and sets
/// <see cref="IsMalformed"/>; the packets before it are still yielded.
/// </summary>
public ref struct RtcpCompoundEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    public RtcpCompoundEnumerator(ReadOnlySpan<byte> compound)
    {
        _data = compound;
        _offset = 0;
        Current = default;
        IsMalformed = false;
    }

    public RtcpPacketView Current { get; private set; }

    /// <summary>True when enumeration stopped on bytes that are not a valid RTCP packet.</summary>
    public bool IsMalformed { get; private set; }

    public readonly RtcpCompoundEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_offset >= _data.Length || IsMalformed)
        {
            return false;
        }

        if (!RtcpPacketView.TryRead(_data[_offset..], out var packet, out int length))
        {
            IsMalformed = true;
            return false;
        }

        Current = packet;
        _offset += length;
        return true;
    }

    /// <summary>True when the whole buffer is a sequence of well-formed RTCP packets.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> compound)
    {
        if (compound.IsEmpty)
        {
            return false;
        }

        var enumerator = new RtcpCompoundEnumerator(compound);
        while (enumerator.MoveNext())
        {
        }

        return !enumerator.IsMalformed;
    }
}
