using System.Buffers.Binary;

namespace Janus.Media.Rtp.Rtcp;

/// <summary>A reception report block of an SR or RR (RFC 3550 §6.4.1).</summary>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Length = 24;

    /// <summary>Reads a block; <paramref name="data"/> must hold <see cref="Length"/> bytes.</summary>
    public static RtcpReportBlock Read(ReadOnlySpan<byte> data)
    {
        // The cumulative number of packets lost is a signed 24-bit value (it goes negative with duplicates).
        int lost = (data[5] << 16) | (data[6] << 8) | data[7];
        if ((lost & 0x80_0000) != 0)
        {
            lost |= unchecked((int)0xFF00_0000);
        }

        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(data),
            data[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        destination[4] = FractionLost;
        // Clamp to the 24-bit signed range (RFC 3550 §6.4.1).
        int lost = Math.Clamp(CumulativeLost, -0x80_0000, 0x7F_FFFF);
        destination[5] = (byte)(lost >> 16);
        destination[6] = (byte)(lost >> 8);
        destination[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }
}

/// <summary>The sender information of an SR (RFC 3550 §6.4.1).</summary>
public readonly record struct RtcpSenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    public const int Length = 20;

    /// <summary>The middle 32 bits of the NTP timestamp, which RRs echo as LSR.</summary>
    public uint CompactNtp => (uint)(NtpTimestamp >> 16);
}
