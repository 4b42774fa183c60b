using System.Buffers.Binary;

namespace Janus.Media.Tests.Relay;

/// <summary>Builds VP8 RTP packets as libwebrtc sends them with temporal layers: X, I (15-bit), L and T set.</summary>
internal static class Vp8Packets
{
    public const int DescriptorLength = 6;

    public static byte[] Build(uint ssrc, ushort seq, uint timestamp, int pictureId, int tl0PicIdx, int temporalLayer, bool keyframe, bool startOfFrame = true)
    {
        var packet = new byte[12 + DescriptorLength + 10];
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        Span<byte> payload = packet.AsSpan(12);
        payload[0] = (byte)(0x80 | (startOfFrame ? 0x10 : 0)); // X, S, partition 0
        payload[1] = 0xE0;                                        // I, L, T
        payload[2] = (byte)(0x80 | ((pictureId >> 8) & 0x7F));   // M: 15-bit picture id
        payload[3] = (byte)pictureId;
        payload[4] = (byte)tl0PicIdx;
        payload[5] = (byte)(temporalLayer << 6);
        // VP8 frame tag (RFC 6386 §9.1): P bit clear and the start code 9d 01 2a on keyframes.
        payload[6] = (byte)(keyframe ? 0x00 : 0x01);
        if (keyframe)
        {
            payload[9] = 0x9D;
            payload[10] = 0x01;
            payload[11] = 0x2A;
        }
        return packet;
    }
}
