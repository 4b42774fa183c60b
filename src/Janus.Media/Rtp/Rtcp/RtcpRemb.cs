using System.Buffers.Binary;

namespace Janus.Media.Rtp.Rtcp;

/// <summary>
/// Receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb-03 §2.2): PSFB FMT 15 with the 'REMB'
/// identifier, a bitrate as an 18-bit mantissa and 6-bit exponent, and the SSRCs it applies to.
/// </summary>
public static class RtcpRemb
{
    private const uint Identifier = 0x52454D42; // "REMB"
    private const int MaxMantissa = 0x3FFFF;

    /// <summary>Parses a REMB; <paramref name="ssrcs"/> holds the SSRC feedback list (4 bytes each).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out uint senderSsrc, out ulong bitrate, out ReadOnlySpan<byte> ssrcs)
    {
        senderSsrc = 0;
        bitrate = 0;
        ssrcs = default;
        if (!RtcpFeedbackView.TryParse(packet, out var view)
            || !view.Is(RtcpPacketType.PayloadFeedback, RtcpPacketType.FormatApplicationLayer))
        {
            return false;
        }

        ReadOnlySpan<byte> fci = view.Fci;
        if (fci.Length < 8 || BinaryPrimitives.ReadUInt32BigEndian(fci) != Identifier)
        {
            return false;
        }

        int count = fci[4];
        if (fci.Length < 8 + 4 * count)
        {
            return false;
        }

        int exponent = fci[5] >> 2;
        ulong mantissa = (ulong)((fci[5] & 0x03) << 16 | fci[6] << 8 | fci[7]);
        senderSsrc = view.SenderSsrc;
        // The exponent is at most 63; an 18-bit mantissa shifted that far would overflow, so saturate.
        bitrate = exponent > 46 && mantissa != 0 ? ulong.MaxValue : mantissa << exponent;
        ssrcs = fci.Slice(8, 4 * count);
        return true;
    }

    /// <summary>Writes a REMB for up to 255 SSRCs; returns its length or 0.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs)
    {
        if (ssrcs.Length > 255)
        {
            return 0;
        }

        int length = RtcpFeedbackView.FixedLength + 8 + 4 * ssrcs.Length;
        if (destination.Length < length)
        {
            return 0;
        }

        int exponent = 0;
        while (bitrate >> exponent > MaxMantissa)
        {
            exponent++;
        }

        uint mantissa = (uint)(bitrate >> exponent);
        RtcpFeedbackView.WriteHeader(destination, RtcpPacketType.PayloadFeedback, RtcpPacketType.FormatApplicationLayer, length, senderSsrc, 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Identifier);
        destination[16] = (byte)ssrcs.Length;
        destination[17] = (byte)(exponent << 2 | (int)(mantissa >> 16));
        destination[18] = (byte)(mantissa >> 8);
        destination[19] = (byte)mantissa;
        for (int i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(20 + 4 * i)..], ssrcs[i]);
        }

        return length;
    }
}
