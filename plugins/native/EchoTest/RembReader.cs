using System.Buffers.Binary;

namespace Janus.Plugins.EchoTest;

/// <summary>Finds a REMB (draft-alvestrand-rmcat-remb §2.2) in a compound RTCP packet.</summary>
internal static class RembReader
{
    /// <summary>The bitrate of the first REMB in the packet, or 0 if there is none.</summary>
    public static uint Read(ReadOnlySpan<byte> rtcp)
    {
        int at = 0;
        while (at + 4 <= rtcp.Length)
        {
            int length = (BinaryPrimitives.ReadUInt16BigEndian(rtcp.Slice(at + 2, 2)) + 1) * 4;
            if (at + length > rtcp.Length)
            {
                break;
            }
            if (rtcp[at + 1] == 206 && (rtcp[at] & 0x1F) == 15 && length >= 20 && rtcp.Slice(at + 12, 4).SequenceEqual("REMB"u8))
            {
                int exponent = rtcp[at + 17] >> 2;
                uint mantissa = ((uint)(rtcp[at + 17] & 0x03) << 16) | BinaryPrimitives.ReadUInt16BigEndian(rtcp.Slice(at + 18, 2));
                return exponent >= 14 ? uint.MaxValue : mantissa << exponent;
            }
            at += length;
        }
        return 0;
    }
}
