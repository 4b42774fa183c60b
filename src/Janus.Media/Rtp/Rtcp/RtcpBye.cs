using System.Buffers.Binary;

namespace Janus.Media.Rtp.Rtcp;

/// <summary>Goodbye packets (PT 203, RFC 3550 §6.6).</summary>
public static class RtcpBye
{
    /// <summary>
    /// Parses a BYE: <paramref name="ssrcs"/> holds the SSRC list (4 bytes each), <paramref name="reason"/> the
    /// optional reason text (empty when absent or truncated).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out ReadOnlySpan<byte> ssrcs, out ReadOnlySpan<byte> reason)
    {
        ssrcs = default;
        reason = default;
        if (!RtcpPacketView.TryRead(packet, out var view, out _) || view.PacketType != RtcpPacketType.Goodbye)
        {
            return false;
        }

        ReadOnlySpan<byte> body = view.Body;
        int listLength = view.CountOrFormat * 4;
        if (body.Length < listLength)
        {
            return false;
        }

        ssrcs = body[..listLength];
        if (body.Length > listLength)
        {
            int reasonLength = body[listLength];
            if (listLength + 1 + reasonLength <= body.Length)
            {
                reason = body.Slice(listLength + 1, reasonLength);
            }
        }

        return true;
    }

    public static uint GetSsrc(ReadOnlySpan<byte> ssrcs, int index) => BinaryPrimitives.ReadUInt32BigEndian(ssrcs[(index * 4)..]);

    /// <summary>Writes a BYE for up to 31 SSRCs with an optional reason; returns its length, or 0 if it does not fit.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> reason = default)
    {
        if (ssrcs.Length > 31 || reason.Length > 255)
        {
            return 0;
        }

        int length = 4 + ssrcs.Length * 4 + (reason.IsEmpty ? 0 : (1 + reason.Length + 3) & ~3);
        if (destination.Length < length)
        {
            return 0;
        }

        RtcpPacketView.WriteHeader(destination, ssrcs.Length, RtcpPacketType.Goodbye, length);
        int offset = 4;
        foreach (uint ssrc in ssrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], ssrc);
            offset += 4;
        }

        if (!reason.IsEmpty)
        {
            destination[offset] = (byte)reason.Length;
            reason.CopyTo(destination[(offset + 1)..]);
            destination[(offset + 1 + reason.Length)..length].Clear();
        }

        return length;
    }
}
