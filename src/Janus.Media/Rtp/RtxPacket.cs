using System.Buffers.Binary;

namespace Janus.Media.Rtp;

/// <summary>
/// RTP retransmission payload format (RFC 4588 §4): the retransmitted packet travels on the RTX SSRC with the
/// RTX payload type and its own sequence number, and the first two payload bytes carry the original sequence
/// number (OSN).
/// </summary>
public static class RtxPacket
{
    public const int OriginalSequenceNumberLength = 2;

    /// <summary>Reads the OSN of an RTX packet; false when it has no payload (a padding-only probe).</summary>
    public static bool TryReadOriginalSequenceNumber(Span<byte> rtxPacket, out ushort originalSequenceNumber)
    {
        originalSequenceNumber = 0;
        if (!RtpHeaderView.TryParse(rtxPacket, out var view) || view.PayloadLength < OriginalSequenceNumberLength)
        {
            return false;
        }

        originalSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(view.Payload);
        return true;
    }

    /// <summary>
    /// Turns an RTX packet back into the original in place: sequence number from the OSN, the original payload
    /// type and SSRC, the OSN removed and padding dropped. False for packets without an OSN (padding probes),
    /// which the caller drops.
    /// </summary>
    public static bool TryUnwrap(Span<byte> rtxPacket, byte originalPayloadType, uint originalSsrc, out int length)
    {
        length = 0;
        if (!RtpHeaderView.TryParse(rtxPacket, out var view) || view.PayloadLength < OriginalSequenceNumberLength)
        {
            return false;
        }

        ushort osn = BinaryPrimitives.ReadUInt16BigEndian(view.Payload);
        int headerLength = view.HeaderLength;
        int payloadLength = view.PayloadLength - OriginalSequenceNumberLength;
        view.SequenceNumber = osn;
        view.PayloadType = originalPayloadType;
        view.Ssrc = originalSsrc;
        rtxPacket.Slice(headerLength + OriginalSequenceNumberLength, payloadLength).CopyTo(rtxPacket[headerLength..]);
        rtxPacket[0] &= 0xDF; // padding was removed
        length = headerLength + payloadLength;
        return true;
    }

    /// <summary>
    /// Writes the RTX form of <paramref name="original"/> into <paramref name="destination"/> (which must not overlap
    /// it): same header and extensions, RTX payload type, SSRC and sequence number, the OSN, then the payload without
    /// padding. Returns the length, or 0 when the original is malformed or the destination too small.
    /// </summary>
    public static int Wrap(ReadOnlySpan<byte> original, Span<byte> destination, byte rtxPayloadType, uint rtxSsrc, ushort rtxSequenceNumber)
    {
        if (destination.Length < original.Length + OriginalSequenceNumberLength)
        {
            return 0;
        }

        Span<byte> copy = destination[..original.Length];
        original.CopyTo(copy);
        if (!RtpHeaderView.TryParse(copy, out var view))
        {
            return 0;
        }

        int headerLength = view.HeaderLength;
        int payloadLength = view.PayloadLength;
        ushort osn = view.SequenceNumber;
        view.PayloadType = rtxPayloadType;
        view.Ssrc = rtxSsrc;
        view.SequenceNumber = rtxSequenceNumber;
        destination[0] &= 0xDF;
        destination.Slice(headerLength, payloadLength).CopyTo(destination[(headerLength + OriginalSequenceNumberLength)..]);
        BinaryPrimitives.WriteUInt16BigEndian(destination[headerLength..], osn);
        return headerLength + OriginalSequenceNumberLength + payloadLength;
    }
}
