
namespace Janus.Media.Rtp.Codecs;

/// <summary>
/// Whether an RTP payload starts (or carries) a keyframe, per codec: what a relay waits for before it switches a
/// receiver to another simulcast substream, so the decoder never sees a frame that refers to one it lacks.
/// </summary>
public static class VideoKeyframes
{
    public static bool IsKeyframe(RtpVideoCodec codec, ReadOnlySpan<byte> payload) => codec switch
    {
        RtpVideoCodec.Vp8 => Vp8Descriptor.TryParse(payload, out Vp8Descriptor d) && d.IsKeyframeStart(payload),
        RtpVideoCodec.Vp9 => IsVp9Keyframe(payload),
        RtpVideoCodec.H264 => H264CarriesNal(payload, 7),
        RtpVideoCodec.Av1 => IsAv1Keyframe(payload),
        RtpVideoCodec.H265 => IsH265Keyframe(payload),
        _ => false,
    };

    // VP9 payload descriptor (RFC 9628 §4.2): a keyframe is a start of frame (B) that is not inter-predicted (P clear).
    private static bool IsVp9Keyframe(ReadOnlySpan<byte> payload) =>
        payload.Length >= 1 && (payload[0] & 0x40) == 0 && (payload[0] & 0x08) != 0;

    // An SPS (type 7) starts every keyframe libwebrtc and browsers send; it may come alone, in a STAP-A (type 24)
    // or as the start of an FU-A (type 28) (RFC 6184 §5.7.1, §5.8).
    private static bool H264CarriesNal(ReadOnlySpan<byte> payload, int nalType)
    {
        if (payload.Length < 2)
        {
            return false;
        }
        int type = payload[0] & 0x1F;
        if (type == nalType)
        {
            return true;
        }
        if (type is 28 or 29)
        {
            return (payload[1] & 0x80) != 0 && (payload[1] & 0x1F) == nalType;
        }
        if (type != 24)
        {
            return false;
        }
        int offset = 1;
        while (offset + 3 <= payload.Length)
        {
            int size = (payload[offset] << 8) | payload[offset + 1];
            if ((payload[offset + 2] & 0x1F) == nalType)
            {
                return true;
            }
            offset += 2 + size;
        }
        return false;
    }

    // AV1 aggregation header (AV1 RTP spec §4.4): N marks the first packet of a coded video sequence, and Z clear
    // says the packet does not continue an earlier OBU.
    private static bool IsAv1Keyframe(ReadOnlySpan<byte> payload) =>
        payload.Length >= 1 && (payload[0] & 0x80) == 0 && (payload[0] & 0x08) != 0;

    // H.265 (RFC 7798 §1.1.4): parameter sets (VPS 32, SPS 33, PPS 34) and IRAP pictures (16-21) start a keyframe.
    private static bool IsH265Keyframe(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2)
        {
            return false;
        }
        int type = (payload[0] >> 1) & 0x3F;
        return type is >= 16 and <= 21 or >= 32 and <= 34;
    }
}
