using System.Buffers.Binary;

namespace Janus.Media.Rtp.Rtcp;

/// <summary>What the relay needs to know of a compound RTCP packet: does it ask for a keyframe, does it carry a REMB.</summary>
public readonly record struct RtcpFeedback(bool KeyframeRequested, uint RembBitrate)
{
    public bool HasRemb => RembBitrate != 0;
}

/// <summary>
/// Walks a compound RTCP packet (RFC 3550 §6.1) looking only at payload-specific feedback (PT 206, RFC 4585 §6.3):
/// PLI (FMT 1), FIR (FMT 4, RFC 5104 §4.3.1) and REMB (FMT 15 with the "REMB" identifier, draft-alvestrand-rmcat-remb §2.2).
/// Never throws: a malformed packet ends the walk with what was found so far.
/// </summary>
public static class RtcpFeedbackScanner
{
    private const byte PayloadSpecificFeedback = 206;
    private const int FmtPli = 1;
    private const int FmtFir = 4;
    private const int FmtApplicationLayer = 15;
    private const uint RembIdentifier = 0x52454D42; // "REMB"

    public static RtcpFeedback Scan(ReadOnlySpan<byte> compound)
    {
        bool keyframe = false;
        uint remb = 0;
        while (compound.Length >= 4)
        {
            if ((compound[0] >> 6) != 2)
            {
                break;
            }

            int length = (BinaryPrimitives.ReadUInt16BigEndian(compound.Slice(2)) + 1) * 4;
            if (length > compound.Length)
            {
                break;
            }

            ReadOnlySpan<byte> packet = compound.Slice(0, length);
            if (packet[1] == PayloadSpecificFeedback)
            {
                int fmt = packet[0] & 0x1F;
                if (fmt == FmtPli || fmt == FmtFir)
                {
                    keyframe = true;
                }
                else if (fmt == FmtApplicationLayer)
                {
                    uint bitrate = ReadRemb(packet);
                    if (bitrate != 0)
                    {
                        remb = bitrate;
                    }
                }
            }

            compound = compound.Slice(length);
        }

        return new RtcpFeedback(keyframe, remb);
    }

    // REMB: header(4) sender SSRC(4) media SSRC(4) "REMB"(4) num SSRC(1) exp(6 bits) mantissa(18 bits) SSRCs...
    private static uint ReadRemb(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 20 || BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(12)) != RembIdentifier)
        {
            return 0;
        }

        int exponent = packet[17] >> 2;
        uint mantissa = ((uint)(packet[17] & 0x03) << 16) | ((uint)packet[18] << 8) | packet[19];
        ulong bitrate = exponent >= 46 ? ulong.MaxValue : (ulong)mantissa << exponent;
        return bitrate > uint.MaxValue ? uint.MaxValue : (uint)bitrate;
    }
}
