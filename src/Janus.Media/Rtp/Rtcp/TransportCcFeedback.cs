using System.Buffers.Binary;

namespace Janus.Media.Rtp.Rtcp;

/// <summary>The packet status symbols of transport-wide CC feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1).</summary>
public enum TransportCcSymbol : byte
{
    NotReceived = 0,

    /// <summary>Received, delta 0..255 ticks of 250 µs (one byte).</summary>
    SmallDelta = 1,

    /// <summary>Received, delta negative or over 63.75 ms (two signed bytes).</summary>
    LargeDelta = 2,
}

/// <summary>One packet's fate in a transport-wide CC feedback: its arrival delta in 250 µs ticks when received.</summary>
public readonly record struct TransportCcPacketStatus(ushort SequenceNumber, TransportCcSymbol Symbol, int DeltaTicks)
{
    public bool Received => Symbol != TransportCcSymbol.NotReceived;

    public static TransportCcPacketStatus Lost(ushort sequenceNumber) => new(sequenceNumber, TransportCcSymbol.NotReceived, 0);

    /// <summary>A received packet; the symbol follows from the delta.</summary>
    public static TransportCcPacketStatus Arrived(ushort sequenceNumber, int deltaTicks)
        => new(sequenceNumber, deltaTicks is >= 0 and <= 255 ? TransportCcSymbol.SmallDelta : TransportCcSymbol.LargeDelta, deltaTicks);
}

/// <summary>The fixed fields of a transport-wide CC feedback.</summary>
public readonly record struct TransportCcHeader(
    uint SenderSsrc,
    uint MediaSsrc,
    ushort BaseSequenceNumber,
    ushort PacketStatusCount,
    uint ReferenceTime,
    byte FeedbackPacketCount)
{
    /// <summary>The reference time is 24 bits in multiples of 64 ms.</summary>
    public long ReferenceTimeMicroseconds => ReferenceTime * 64_000L;
}

/// <summary>
/// Transport-wide congestion control feedback (RTPFB FMT 15, draft-holmer-rmcat-transport-wide-cc-extensions-01
/// §3.1): parse into, and build from, a list of per-packet statuses, with run-length and status-vector chunks.
/// </summary>
public static class TransportCcFeedback
{
    private const int FixedFciLength = 8;
    private const int MaxRunLength = 0x1FFF;
    public const int TickMicroseconds = 250;

    /// <summary>Reads the header fields without decoding the statuses.</summary>
    public static bool TryParseHeader(ReadOnlySpan<byte> packet, out TransportCcHeader header)
    {
        header = default;
        if (!RtcpFeedbackView.TryParse(packet, out var view)
            || !view.Is(RtcpPacketType.TransportFeedback, RtcpPacketType.FormatTransportCc)
            || view.Fci.Length < FixedFciLength)
        {
            return false;
        }

        ReadOnlySpan<byte> fci = view.Fci;
        header = new TransportCcHeader(view.SenderSsrc, view.MediaSsrc,
            BinaryPrimitives.ReadUInt16BigEndian(fci), BinaryPrimitives.ReadUInt16BigEndian(fci[2..]),
            (uint)(fci[4] << 16 | fci[5] << 8 | fci[6]), fci[7]);
        return true;
    }

    /// <summary>
    /// Decodes all statuses into <paramref name="statuses"/>, which needs room for
    /// <see cref="TransportCcHeader.PacketStatusCount"/> entries. False on any inconsistency.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out TransportCcHeader header, Span<TransportCcPacketStatus> statuses)
    {
        if (!TryParseHeader(packet, out header) || statuses.Length < header.PacketStatusCount)
        {
            return false;
        }

        RtcpFeedbackView.TryParse(packet, out var view);
        ReadOnlySpan<byte> data = view.Fci[FixedFciLength..];
        int count = header.PacketStatusCount;
        ushort seq = header.BaseSequenceNumber;
        int filled = 0;
        int offset = 0;
        while (filled < count)
        {
            if (offset + 2 > data.Length)
            {
                return false;
            }

            ushort chunk = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            offset += 2;
            if ((chunk & 0x8000) == 0)
            {
                // Run length chunk: T=0, S (2 bits), run length (13 bits).
                int symbol = (chunk >> 13) & 0x03;
                if (symbol == 3)
                {
                    return false;
                }

                int run = Math.Min(chunk & MaxRunLength, count - filled);
                for (int i = 0; i < run; i++)
                {
                    statuses[filled++] = new TransportCcPacketStatus(seq++, (TransportCcSymbol)symbol, 0);
                }
            }
            else if ((chunk & 0x4000) == 0)
            {
                // Status vector, 14 one-bit symbols.
                for (int i = 0; i < 14 && filled < count; i++)
                {
                    int symbol = (chunk >> (13 - i)) & 0x01;
                    statuses[filled++] = new TransportCcPacketStatus(seq++, (TransportCcSymbol)symbol, 0);
                }
            }
            else
            {
                // Status vector, 7 two-bit symbols.
                for (int i = 0; i < 7 && filled < count; i++)
                {
                    int symbol = (chunk >> (12 - 2 * i)) & 0x03;
                    if (symbol == 3)
                    {
                        return false;
                    }

                    statuses[filled++] = new TransportCcPacketStatus(seq++, (TransportCcSymbol)symbol, 0);
                }
            }
        }

        for (int i = 0; i < count; i++)
        {
            var status = statuses[i];
            if (status.Symbol == TransportCcSymbol.SmallDelta)
            {
                if (offset + 1 > data.Length)
                {
                    return false;
                }

                statuses[i] = status with { DeltaTicks = data[offset] };
                offset += 1;
            }
            else if (status.Symbol == TransportCcSymbol.LargeDelta)
            {
                if (offset + 2 > data.Length)
                {
                    return false;
                }

                statuses[i] = status with { DeltaTicks = BinaryPrimitives.ReadInt16BigEndian(data[offset..]) };
                offset += 2;
            }
        }

        return true;
    }

    /// <summary>
    /// Writes a feedback for <paramref name="statuses"/> (consecutive sequence numbers from
    /// <paramref name="baseSequenceNumber"/>; each received one's delta in 250 µs ticks from the previous received
    /// packet, the first from the reference time). Returns the length, or 0 when it does not fit or a delta is
    /// outside the 16-bit range (start a new feedback then).
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ushort baseSequenceNumber,
        uint referenceTime, byte feedbackPacketCount, ReadOnlySpan<TransportCcPacketStatus> statuses)
    {
        if (statuses.IsEmpty || statuses.Length > ushort.MaxValue)
        {
            return 0;
        }

        int offset = RtcpFeedbackView.FixedLength + FixedFciLength;
        if (destination.Length < offset)
        {
            return 0;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], baseSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], (ushort)statuses.Length);
        destination[16] = (byte)(referenceTime >> 16);
        destination[17] = (byte)(referenceTime >> 8);
        destination[18] = (byte)referenceTime;
        destination[19] = feedbackPacketCount;

        int index = 0;
        while (index < statuses.Length)
        {
            if (offset + 2 > destination.Length)
            {
                return 0;
            }

            ushort chunk = NextChunk(statuses, ref index);
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], chunk);
            offset += 2;
        }

        foreach (var status in statuses)
        {
            switch (SymbolOf(status))
            {
                case TransportCcSymbol.SmallDelta:
                    if (offset + 1 > destination.Length)
                    {
                        return 0;
                    }

                    destination[offset++] = (byte)status.DeltaTicks;
                    break;
                case TransportCcSymbol.LargeDelta:
                    if (status.DeltaTicks is < short.MinValue or > short.MaxValue || offset + 2 > destination.Length)
                    {
                        return 0;
                    }

                    BinaryPrimitives.WriteInt16BigEndian(destination[offset..], (short)status.DeltaTicks);
                    offset += 2;
                    break;
            }
        }

        // Pad to a 32-bit boundary with RTCP padding (RFC 3550 §6.4.1: the last octet counts the padding).
        int padding = (4 - (offset & 3)) & 3;
        if (offset + padding > destination.Length)
        {
            return 0;
        }

        if (padding > 0)
        {
            destination.Slice(offset, padding).Clear();
            offset += padding;
            destination[offset - 1] = (byte)padding;
        }

        RtcpFeedbackView.WriteHeader(destination, RtcpPacketType.TransportFeedback, RtcpPacketType.FormatTransportCc, offset, senderSsrc, mediaSsrc);
        if (padding > 0)
        {
            destination[0] |= 0x20;
        }

        return offset;
    }

    private static TransportCcSymbol SymbolOf(in TransportCcPacketStatus status)
        => !status.Received ? TransportCcSymbol.NotReceived
            : status.DeltaTicks is >= 0 and <= 255 ? TransportCcSymbol.SmallDelta : TransportCcSymbol.LargeDelta;

    /// <summary>
    /// Picks the next chunk: a run-length chunk when at least 7 equal symbols follow (a vector would hold no
    /// more), otherwise a 14-slot one-bit vector if no large delta is among the next 14, else a 7-slot two-bit one.
    /// </summary>
    private static ushort NextChunk(ReadOnlySpan<TransportCcPacketStatus> statuses, ref int index)
    {
        var first = SymbolOf(statuses[index]);
        int run = 1;
        while (index + run < statuses.Length && run < MaxRunLength && SymbolOf(statuses[index + run]) == first)
        {
            run++;
        }

        if (run >= 7 || index + run == statuses.Length)
        {
            index += run;
            return (ushort)((int)first << 13 | run);
        }

        int oneBitSlots = Math.Min(14, statuses.Length - index);
        bool hasLarge = false;
        for (int i = 0; i < oneBitSlots; i++)
        {
            if (SymbolOf(statuses[index + i]) == TransportCcSymbol.LargeDelta)
            {
                hasLarge = true;
                break;
            }
        }

        if (!hasLarge)
        {
            int chunk = 0x8000;
            for (int i = 0; i < oneBitSlots; i++)
            {
                chunk |= (int)SymbolOf(statuses[index + i]) << (13 - i);
            }

            index += oneBitSlots;
            return (ushort)chunk;
        }

        int twoBitSlots = Math.Min(7, statuses.Length - index);
        int twoBit = 0xC000;
        for (int i = 0; i < twoBitSlots; i++)
        {
            twoBit |= (int)SymbolOf(statuses[index + i]) << (12 - 2 * i);
        }

        index += twoBitSlots;
        return (ushort)twoBit;
    }
}
