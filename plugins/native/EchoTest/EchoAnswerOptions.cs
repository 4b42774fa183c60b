using Janus.Media.Sdp;

namespace Janus.Plugins.EchoTest;

/// <summary>How the EchoTest answers an offer: the codecs asked for (or the first the browser offers), the
/// header extensions Janus's EchoTest accepts, and no transport-cc (this core does not send TWCC feedback yet).</summary>
internal static class EchoAnswerOptions
{
    private static readonly string[] Extensions =
    [
        SdpRtpExtensions.Mid, SdpRtpExtensions.Rid, SdpRtpExtensions.RepairedRid, SdpRtpExtensions.AudioLevel,
        SdpRtpExtensions.VideoOrientation, SdpRtpExtensions.PlayoutDelay, SdpRtpExtensions.DependencyDescriptor,
        SdpRtpExtensions.AbsSendTime, SdpRtpExtensions.AbsCaptureTime, SdpRtpExtensions.VideoLayersAllocation,
    ];

    private static readonly string[] Feedback =
    [
        SdpRtcpFeedbackKinds.CcmFir, SdpRtcpFeedbackKinds.Nack, SdpRtcpFeedbackKinds.NackPli, SdpRtcpFeedbackKinds.GoogRemb,
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
        RtcpFeedback = Feedback,
    };
}
