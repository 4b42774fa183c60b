namespace Janus.Media.Sdp;

/// <summary>One audio or video m-line of an offer we write.</summary>
public sealed record SdpOfferMedium
{
    public required SdpMediaKind Kind { get; init; }

    /// <summary>Catalog name (<c>opus</c>, <c>vp8</c>, <c>h264</c>...).</summary>
    public required string Codec { get; init; }

    public SdpDirection Direction { get; init; } = SdpDirection.SendRecv;

    /// <summary>The mid; null uses the m-line index.</summary>
    public string? Mid { get; init; }

    /// <summary>Payload type to use; null uses the catalog's.</summary>
    public int? PayloadType { get; init; }

    /// <summary>fmtp to use; null uses the catalog's (with <see cref="Vp9Profile"/>/<see cref="H264ProfileLevelId"/> applied).</summary>
    public string? Fmtp { get; init; }

    public string? Vp9Profile { get; init; }

    public string? H264ProfileLevelId { get; init; }

    /// <summary>Offer an RTX payload type paired with the codec (video).</summary>
    public bool Rtx { get; init; }

    /// <summary>Offer <c>telephone-event</c> at the codec's clock rate (audio).</summary>
    public bool Dtmf { get; init; }

    /// <summary>Rids we ask the peer to send us (<c>a=rid:X recv</c> and <c>a=simulcast:recv</c>), empty for none.</summary>
    public IReadOnlyList<string> ReceiveSimulcastRids { get; init; } = [];

    public static SdpOfferMedium Audio(string codec = "opus", SdpDirection direction = SdpDirection.SendRecv) =>
        new() { Kind = SdpMediaKind.Audio, Codec = codec, Direction = direction };

    public static SdpOfferMedium Video(string codec = "vp8", SdpDirection direction = SdpDirection.SendRecv, bool rtx = true) =>
        new() { Kind = SdpMediaKind.Video, Codec = codec, Direction = direction, Rtx = rtx };
}

/// <summary>What <see cref="SdpOffers.Create"/> writes.</summary>
public sealed record SdpOfferOptions
{
    public IReadOnlyList<SdpOfferMedium> Media { get; init; } = [];

    /// <summary>Add a data channel m-line after the media.</summary>
    public bool Data { get; init; }

    /// <summary>Mid of the data channel m-line; null uses its index.</summary>
    public string? DataMid { get; init; }

    public IReadOnlyList<string> RtcpFeedback { get; init; } = SdpRtcpFeedbackKinds.Default;

    /// <summary>Header extensions to offer; each gets one id for the whole session (BUNDLE needs that, RFC 8843 §9.2).</summary>
    public IReadOnlyList<string> Extensions { get; init; } = SdpRtpExtensions.Default;

    public long MaxMessageSize { get; init; } = 262144;

    public ulong? SessionId { get; init; }

    public ulong SessionVersion { get; init; } = 1;
}
