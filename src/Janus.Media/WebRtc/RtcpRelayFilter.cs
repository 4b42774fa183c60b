using System.Buffers.Binary;

namespace Janus.Media.WebRtc;

/// <summary>
/// Prepares RTCP that a plugin relays to a peer (as Janus's rtcp "fix ssrc" does): every report and feedback
/// message is re-addressed so it comes from our SSRC and concerns the peer's own stream on that medium.
/// Transport feedback (NACK, transport-cc) and REMB are dropped: they describe another leg's packets,
/// and this core answers NACKs and estimates bandwidth per PeerConnection itself.
/// </summary>
internal static class RtcpRelayFilter
{
    private const byte Sr = 200, Rr = 201, Sdes = 202, Bye = 203, Rtpfb = 205, Psfb = 206;

    /// <summary>Filters a compound packet in place; returns the new length (0 when nothing is left).</summary>
    public static int Filter(Span<byte> rtcp, uint localSsrc, uint remoteSsrc)
    {
        int read = 0, write = 0;
        while (read + 4 <= rtcp.Length)
        {
            byte first = rtcp[read];
            if ((first >> 6) != 2)
            {
                break;
            }
            int length = (BinaryPrimitives.ReadUInt16BigEndian(rtcp.Slice(read + 2, 2)) + 1) * 4;
            if (read + length > rtcp.Length)
            {
                break;
            }
            byte type = rtcp[read + 1];
            int fmt = first & 0x1F;
            bool keep = false;
            Span<byte> packet = rtcp.Slice(read, length);
            switch (type)
            {
                case Sr:
                case Rr:
                    if (length >= 8)
                    {
                        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(4, 4), localSsrc);
                        int blocksAt = type == Sr ? 28 : 8;
                        for (int i = 0, at = blocksAt; i < fmt && at + 24 <= length; i++, at += 24)
                        {
                            BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(at, 4), remoteSsrc);
                        }
                        keep = true;
                    }
                    break;
                case Psfb when (fmt == 1 || fmt == 4) && length >= 12:
                    // PLI (RFC 4585 §6.3.1) and FIR (RFC 5104 §4.3.1): keyframe requests the peer must see for its own stream.
                    BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(4, 4), localSsrc);
                    BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(8, 4), fmt == 4 ? 0 : remoteSsrc);
                    for (int at = 12; fmt == 4 && at + 8 <= length; at += 8)
                    {
                        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(at, 4), remoteSsrc);
                    }
                    keep = true;
                    break;
                case Sdes:
                case Bye:
                case Rtpfb:
                case Psfb:
                default:
                    break;
            }
            if (keep)
            {
                if (write != read)
                {
                    packet.CopyTo(rtcp.Slice(write));
                }
                write += length;
            }
            read += length;
        }
        return write;
    }
}
