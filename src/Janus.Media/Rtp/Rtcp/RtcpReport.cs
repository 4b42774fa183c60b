using System.Buffers.Binary;

namespace Janus.Media.Rtp.Rtcp;

/// <summary>Parses and builds sender reports (PT 200) and receiver reports (PT 201), RFC 3550 §6.4.</summary>
public static class RtcpReport
{
    /// <summary>
    /// Parses an SR or RR. <paramref name="reportBlocks"/> holds the raw blocks (<see cref="RtcpReportBlock.Length"/>
    /// bytes each; read them with <see cref="RtcpReportBlock.Read"/>); any profile extension after them is ignored.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out uint senderSsrc, out RtcpSenderInfo? senderInfo,
        out ReadOnlySpan<byte> reportBlocks)
    {
        senderSsrc = 0;
        senderInfo = null;
        reportBlocks = default;
        if (!RtcpPacketView.TryRead(packet, out var view, out _))
        {
            return false;
        }

        bool isSender = view.PacketType == RtcpPacketType.SenderReport;
        if (!isSender && view.PacketType != RtcpPacketType.ReceiverReport)
        {
            return false;
        }

        ReadOnlySpan<byte> body = view.Body;
        int fixedLength = 4 + (isSender ? RtcpSenderInfo.Length : 0);
        int blocksLength = view.CountOrFormat * RtcpReportBlock.Length;
        if (body.Length < fixedLength + blocksLength)
        {
            return false;
        }

        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        if (isSender)
        {
            senderInfo = new RtcpSenderInfo(
                BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
                BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
                BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
                BinaryPrimitives.ReadUInt32BigEndian(body[20..]));
        }

        reportBlocks = body.Slice(fixedLength, blocksLength);
        return true;
    }

    /// <summary>Writes an SR with up to 31 report blocks; returns its length, or 0 if it does not fit.</summary>
    public static int WriteSenderReport(Span<byte> destination, uint senderSsrc, in RtcpSenderInfo info,
        ReadOnlySpan<RtcpReportBlock> blocks)
    {
        int length = 8 + RtcpSenderInfo.Length + blocks.Length * RtcpReportBlock.Length;
        if (blocks.Length > 31 || destination.Length < length)
        {
            return 0;
        }

        RtcpPacketView.WriteHeader(destination, blocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], info.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], info.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], info.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], info.OctetCount);
        WriteBlocks(destination[28..], blocks);
        return length;
    }

    /// <summary>Writes an RR with up to 31 report blocks; returns its length, or 0 if it does not fit.</summary>
    public static int WriteReceiverReport(Span<byte> destination, uint senderSsrc, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        int length = 8 + blocks.Length * RtcpReportBlock.Length;
        if (blocks.Length > 31 || destination.Length < length)
        {
            return 0;
        }

        RtcpPacketView.WriteHeader(destination, blocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        WriteBlocks(destination[8..], blocks);
        return length;
    }

    private static void WriteBlocks(Span<byte> destination, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination[(i * RtcpReportBlock.Length)..]);
        }
    }
}
