using Janus.Media.Sdp;

namespace Janus.Plugins.EchoTest;

/// <summary>How the EchoTest answers an offer: the codecs asked for (or the first the browser offers), the
/// header extensions Janus's EchoTest accepts (transport-wide CC included: the core sends its feedback) and the
/// SDP code's default RTCP feedback.</summary>
internal static class EchoAnswerOptions
{
    private static readonly string[] Extensions =
    [
        SdpRtpExtensions.Mid, SdpRtpExtensions.Rid, SdpRtpExtensions.RepairedRid, SdpRtpExtensions.AudioLevel,
        SdpRtpExtensions.VideoOrientation, SdpRtpExtensions.PlayoutDelay, SdpRtpExtensions.DependencyDescriptor,
        SdpRtpExtensions.AbsSendTime, SdpRtpExtensions.AbsCaptureTime, SdpRtpExtensions.VideoLayersAllocation,
        SdpRtpExtensions.TransportWideCc,
    ];

    public static SdpAnswerOptions For(EchoRequest request) => new()
    {
        Audio = new SdpMediumAnswerOptions { Codecs = request.AudioCodec is { } a ? [a] : null },
        Video = new SdpMediumAnswerOptions
        {
            Codecs = request.VideoCodec is { } v ? [v] : null,
            Vp9Profile = request.VideoCodec == "vp9" ? request.VideoProfile : null,
            H264ProfileLevelId = request.VideoCodec == "h264" ? request.VideoProfile : null,
        },
        Extensions = Extensions,
    };
}
