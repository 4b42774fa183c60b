namespace Janus.Media.Sdp;

/// <summary>How to answer one audio or video m-line (Janus's JANUS_SDP_OA_* flags, as a record).</summary>
public sealed record SdpMediumAnswerOptions
{
    /// <summary>False rejects the m-line (port 0).</summary>
    public bool Accept { get; init; } = true;

    /// <summary>The direction we want; the answer never exceeds what the offer allows. Null: the mirror of the offer.</summary>
    public SdpDirection? Direction { get; init; }

    /// <summary>Codec names in order of preference (<c>opus</c>, <c>vp9</c>, ...). Null: every known codec of the kind.</summary>
    public IReadOnlyList<string>? Codecs { get; init; }

    /// <summary>Keep the RTX payload type paired (apt) with the chosen codec.</summary>
    public bool Rtx { get; init; } = true;

    /// <summary>Keep <c>telephone-event</c> at the chosen codec's clock rate (audio only).</summary>
    public bool Dtmf { get; init; }

    /// <summary>Only accept VP9 with this <c>profile-id</c> (absent profile-id counts as 0).</summary>
    public string? Vp9Profile { get; init; }

    /// <summary>Only accept H.264 with this <c>profile-level-id</c> (compared case-insensitively).</summary>
    public string? H264ProfileLevelId { get; init; }

    /// <summary>Only accept H.264 with this <c>packetization-mode</c> (absent counts as 0). Null prefers 1, then any.</summary>
    public int? H264PacketizationMode { get; init; }

    /// <summary>Copy the chosen codec's fmtp from the offer (both sides then describe the same stream).</summary>
    public bool CopyFmtp { get; init; } = true;

    /// <summary>Accept the peer's rid-based simulcast (answer with <c>a=rid:X recv</c> and <c>a=simulcast:recv</c>).</summary>
    public bool Simulcast { get; init; } = true;
}

/// <summary>How <see cref="SdpAnswers.Create"/> answers an offer.</summary>
public sealed record SdpAnswerOptions
{
    public SdpMediumAnswerOptions Audio { get; init; } = new();

    public SdpMediumAnswerOptions Video { get; init; } = new();

    /// <summary>Accept the data channel m-line; false rejects it.</summary>
    public bool Data { get; init; } = true;

    /// <summary>Per-mid settings that replace <see cref="Audio"/>/<see cref="Video"/> for that m-line (multistream plugins).</summary>
    public IReadOnlyDictionary<string, SdpMediumAnswerOptions>? ByMid { get; init; }

    /// <summary>RTCP feedback kinds to keep (<see cref="SdpRtcpFeedbackKinds"/>).</summary>
    public IReadOnlyList<string> RtcpFeedback { get; init; } = SdpRtcpFeedbackKinds.Default;

    /// <summary>Header extension URIs to keep (<see cref="SdpRtpExtensions"/>); others are dropped from the answer.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = SdpRtpExtensions.Default;

    /// <summary>Our <c>a=max-message-size</c> for data channels (RFC 8841 §6).</summary>
    public long MaxMessageSize { get; init; } = 262144;

    /// <summary>The o= session id; null picks a random one.</summary>
    public ulong? SessionId { get; init; }
}
