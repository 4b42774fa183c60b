using System.Buffers.Binary;

namespace Janus.Media.Rtp.Rtcp;

/// <summary>Generic NACK (RTPFB FMT 1, RFC 4585 §6.2.1): pairs of packet id and a bitmask of the 16 following.</summary>
public static class RtcpNack
{
    public const int PairLength = 4;

    /// <summary>Parses a generic NACK; <paramref name="pairs"/> holds the PID/BLP pairs.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out uint senderSsrc, out uint mediaSsrc, out ReadOnlySpan<byte> pairs)
    {
        senderSsrc = 0;
        mediaSsrc = 0;
        pairs = default;
        if (!RtcpFeedbackView.TryParse(packet, out var view)
            || !view.Is(RtcpPacketType.TransportFeedback, RtcpPacketType.FormatGenericNack)
            || view.Fci.Length < PairLength)
        {
            return false;
        }

        senderSsrc = view.SenderSsrc;
        mediaSsrc = view.MediaSsrc;
        pairs = view.Fci[..(view.Fci.Length / PairLength * PairLength)];
        return true;
    }

    /// <summary>
    /// Expands the pairs into the lost sequence numbers, in order; returns how many were written
    /// (at most <paramref name="destination"/>'s length; a pair names at most 17).
    /// </summary>
    public static int ExpandLost(ReadOnlySpan<byte> pairs, Span<ushort> destination)
    {
        int count = 0;
        for (int offset = 0; offset + PairLength <= pairs.Length; offset += PairLength)
        {
            ushort pid = BinaryPrimitives.ReadUInt16BigEndian(pairs[offset..]);
            ushort blp = BinaryPrimitives.ReadUInt16BigEndian(pairs[(offset + 2)..]);
            if (count == destination.Length)
            {
                return count;
            }

            destination[count++] = pid;
            for (int bit = 0; bit < 16; bit++)
            {
                if ((blp & (1 << bit)) != 0)
                {
                    if (count == destination.Length)
                    {
                        return count;
                    }

                    destination[count++] = (ushort)(pid + bit + 1);
                }
            }
        }

        return count;
    }

    /// <summary>How many bytes <see cref="Write"/> needs for these sequence numbers.</summary>
    public static int MeasureLength(ReadOnlySpan<ushort> lost) => RtcpFeedbackView.FixedLength + CountPairs(lost) * PairLength;

    /// <summary>
    /// Writes a generic NACK for <paramref name="lost"/> (ascending in RTP order, wrap allowed): each sequence
    /// number within 16 after the current PID joins its bitmask, otherwise starts a new pair. Returns the length or 0.
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost)
    {
        if (lost.IsEmpty)
        {
            return 0;
        }

        int length = MeasureLength(lost);
        if (destination.Length < length || length / 4 - 1 > ushort.MaxValue)
        {
            return 0;
        }

        RtcpFeedbackView.WriteHeader(destination, RtcpPacketType.TransportFeedback, RtcpPacketType.FormatGenericNack, length, senderSsrc, mediaSsrc);
        int offset = RtcpFeedbackView.FixedLength;
        ushort pid = lost[0];
        ushort blp = 0;
        for (int i = 1; i < lost.Length; i++)
        {
            int distance = (ushort)(lost[i] - pid);
            if (distance >= 1 && distance <= 16)
            {
                blp |= (ushort)(1 << (distance - 1));
                continue;
            }

            if (distance == 0)
            {
                continue;
            }

            WritePair(destination[offset..], pid, blp);
            offset += PairLength;
            pid = lost[i];
            blp = 0;
        }

        WritePair(destination[offset..], pid, blp);
        return length;
    }

    private static int CountPairs(ReadOnlySpan<ushort> lost)
    {
        if (lost.IsEmpty)
        {
            return 0;
        }

        int pairs = 1;
        ushort pid = lost[0];
        for (int i = 1; i < lost.Length; i++)
        {
            int distance = (ushort)(lost[i] - pid);
            if (distance > 16)
            {
                pairs++;
                pid = lost[i];
            }
        }

        return pairs;
    }

    private static void WritePair(Span<byte> destination, ushort pid, ushort blp)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, pid);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], blp);
    }
}
