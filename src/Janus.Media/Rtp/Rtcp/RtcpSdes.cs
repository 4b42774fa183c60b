using System.Buffers.Binary;

namespace Janus.Media.Rtp.Rtcp;

/// <summary>Source description packets (PT 202, RFC 3550 §6.5): reading CNAMEs and writing one.</summary>
public static class RtcpSdes
{
    public const byte CnameItem = 1;

    /// <summary>
    /// Finds the first CNAME item in an SDES packet. False when there is none or the chunks are malformed.
    /// </summary>
    public static bool TryGetCname(ReadOnlySpan<byte> packet, out uint ssrc, out ReadOnlySpan<byte> cname)
    {
        ssrc = 0;
        cname = default;
        if (!RtcpPacketView.TryRead(packet, out var view, out _) || view.PacketType != RtcpPacketType.SourceDescription)
        {
            return false;
        }

        ReadOnlySpan<byte> body = view.Body;
        int offset = 0;
        for (int chunk = 0; chunk < view.CountOrFormat; chunk++)
        {
            if (offset + 4 > body.Length)
            {
                return false;
            }

            uint chunkSsrc = BinaryPrimitives.ReadUInt32BigEndian(body[offset..]);
            offset += 4;
            // Items until a zero type octet; then pad to the next 32-bit boundary (§6.5).
            while (true)
            {
                if (offset >= body.Length)
                {
                    return false;
                }

                byte type = body[offset];
                if (type == 0)
                {
                    offset = (offset + 4) & ~3;
                    break;
                }

                if (offset + 2 > body.Length)
                {
                    return false;
                }

                int length = body[offset + 1];
                if (offset + 2 + length > body.Length)
                {
                    return false;
                }

                if (type == CnameItem)
                {
                    ssrc = chunkSsrc;
                    cname = body.Slice(offset + 2, length);
                    return true;
                }

                offset += 2 + length;
            }
        }

        return false;
    }

    /// <summary>Writes an SDES packet with one chunk holding a CNAME; returns its length, or 0 if it does not fit.</summary>
    public static int WriteCname(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname)
    {
        if (cname.Length > 255)
        {
            return 0;
        }

        // header, SSRC, type, length, text, then at least one zero octet, padded to a word.
        int length = (4 + 4 + 2 + cname.Length + 1 + 3) & ~3;
        if (destination.Length < length)
        {
            return 0;
        }

        RtcpPacketView.WriteHeader(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = CnameItem;
        destination[9] = (byte)cname.Length;
        cname.CopyTo(destination[10..]);
        destination[(10 + cname.Length)..length].Clear();
        return length;
    }
}
