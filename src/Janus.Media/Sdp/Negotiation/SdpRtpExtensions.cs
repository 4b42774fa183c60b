namespace Janus.Media.Sdp;

/// <summary>RTP header extension URIs (RFC 8285) that WebRTC peers negotiate, as Janus knows them.</summary>
public static class SdpRtpExtensions
{
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public const string Rid = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public const string RepairedRid = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public const string TimeOffset = "urn:ietf:params:rtp-hdrext:toffset";
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public const string VideoOrientation = "urn:3gpp:video-orientation";
    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";
    public const string DependencyDescriptor = "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";
    public const string AbsCaptureTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";
    public const string VideoLayersAllocation = "http://www.webrtc.org/experiments/rtp-hdrext/video-layers-allocation00";

    /// <summary>What an answer keeps by default: the ones the core reads or relays.</summary>
    public static IReadOnlyList<string> Default { get; } =
        [Mid, Rid, RepairedRid, AudioLevel, TransportWideCc, VideoOrientation, PlayoutDelay, DependencyDescriptor, AbsCaptureTime];

    /// <summary>Audio-only and video-only extensions; the rest fit both (used when writing an offer).</summary>
    internal static bool FitsKind(string uri, SdpMediaKind kind) => uri switch
    {
        AudioLevel => kind == SdpMediaKind.Audio,
        Rid or RepairedRid or VideoOrientation or PlayoutDelay or DependencyDescriptor or VideoLayersAllocation or TimeOffset
            => kind == SdpMediaKind.Video,
        _ => true,
    };
}

/// <summary>The RTCP feedback kinds (RFC 4585, RFC 5104, draft-alvestrand-rmcat-remb, draft-holmer-rmcat-transport-wide-cc).</summary>
public static class SdpRtcpFeedbackKinds
{
    public const string Nack = "nack";
    public const string NackPli = "nack pli";
    public const string CcmFir = "ccm fir";
    public const string GoogRemb = "goog-remb";
    public const string TransportCc = "transport-cc";

    public static IReadOnlyList<string> Default { get; } = [CcmFir, Nack, NackPli, GoogRemb, TransportCc];
}
