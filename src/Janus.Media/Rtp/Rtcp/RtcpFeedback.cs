using System.Buffers.Binary;

namespace Janus.Media.Rtp.Rtcp;

/// <summary>The common part of RTPFB and PSFB messages (RFC 4585 §6.1): FMT, sender SSRC, media source SSRC, FCI.</summary>
public readonly ref struct RtcpFeedbackView
{
    public const int FixedLength = 12;

    private RtcpFeedbackView(byte packetType, int format, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci)
    {
        PacketType = packetType;
        Format = format;
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        Fci = fci;
    }

    public byte PacketType { get; }

    public int Format { get; }

    public uint SenderSsrc { get; }

    public uint MediaSsrc { get; }

    /// <summary>Feedback control information.</summary>
    public ReadOnlySpan<byte> Fci { get; }

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpFeedbackView view)
    {
        view = default;
        if (!RtcpPacketView.TryRead(packet, out var rtcp, out _)
            || (rtcp.PacketType != RtcpPacketType.TransportFeedback && rtcp.PacketType != RtcpPacketType.PayloadFeedback))
        {
            return false;
        }

        ReadOnlySpan<byte> body = rtcp.Body;
        if (body.Length < 8)
        {
            return false;
        }

        view = new RtcpFeedbackView(rtcp.PacketType, rtcp.CountOrFormat,
            BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..]), body[8..]);
        return true;
    }

    public bool Is(byte packetType, int format) => PacketType == packetType && Format == format;

    internal static void WriteHeader(Span<byte> destination, byte packetType, int format, int totalLength, uint senderSsrc, uint mediaSsrc)
    {
        RtcpPacketView.WriteHeader(destination, format, packetType, totalLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
    }
}

/// <summary>Picture loss indication (PSFB FMT 1, RFC 4585 §6.3.1): no FCI.</summary>
public static class RtcpPli
{
    public const int Length = 12;

    public static bool TryParse(ReadOnlySpan<byte> packet, out uint senderSsrc, out uint mediaSsrc)
    {
        bool ok = RtcpFeedbackView.TryParse(packet, out var view) && view.Is(RtcpPacketType.PayloadFeedback, RtcpPacketType.FormatPli);
        senderSsrc = ok ? view.SenderSsrc : 0;
        mediaSsrc = ok ? view.MediaSsrc : 0;
        return ok;
    }

    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        if (destination.Length < Length)
        {
            return 0;
        }

        RtcpFeedbackView.WriteHeader(destination, RtcpPacketType.PayloadFeedback, RtcpPacketType.FormatPli, Length, senderSsrc, mediaSsrc);
        return Length;
    }
}

/// <summary>Full intra request (PSFB FMT 4, RFC 5104 §4.3.1): entries of (SSRC, command sequence number).</summary>
public static class RtcpFir
{
    public const int EntryLength = 8;

    /// <summary>Parses a FIR; <paramref name="entries"/> holds the FCI entries, read them with <see cref="ReadEntry"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out uint senderSsrc, out ReadOnlySpan<byte> entries)
    {
        senderSsrc = 0;
        entries = default;
        if (!RtcpFeedbackView.TryParse(packet, out var view) || !view.Is(RtcpPacketType.PayloadFeedback, RtcpPacketType.FormatFir)
            || view.Fci.Length < EntryLength)
        {
            return false;
        }

        senderSsrc = view.SenderSsrc;
        entries = view.Fci[..(view.Fci.Length / EntryLength * EntryLength)];
        return true;
    }

    public static int EntryCount(ReadOnlySpan<byte> entries) => entries.Length / EntryLength;

    public static (uint Ssrc, byte SequenceNumber) ReadEntry(ReadOnlySpan<byte> entries, int index)
    {
        var entry = entries.Slice(index * EntryLength, EntryLength);
        return (BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }

    /// <summary>Writes a FIR for one media sender (media source SSRC is 0, §4.3.1.2); returns its length or 0.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, byte sequenceNumber)
    {
        const int length = RtcpFeedbackView.FixedLength + EntryLength;
        if (destination.Length < length)
        {
            return 0;
        }

        RtcpFeedbackView.WriteHeader(destination, RtcpPacketType.PayloadFeedback, RtcpPacketType.FormatFir, length, senderSsrc, 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], mediaSsrc);
        destination[16] = sequenceNumber;
        destination[17..20].Clear();
        return length;
    }
}
