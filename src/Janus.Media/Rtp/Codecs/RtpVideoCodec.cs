namespace Janus.Media.Rtp.Codecs;

/// <summary>The video codecs whose RTP payloads the core reads (keyframes, layers) to switch simulcast and SVC layers.</summary>
public enum RtpVideoCodec
{
    None = 0,
    Vp8,
    Vp9,
    H264,
    Av1,
    H265,
}
