namespace Janus.Media.Sdp;

/// <summary>
/// One payload type of a media section with what describes it: rtpmap (or the static RFC 3551 table),
/// fmtp and the rtcp-fb lines that apply to it.
/// </summary>
public sealed record SdpCodec(int PayloadType, string Name, int ClockRate, int? Channels, string? Fmtp, IReadOnlyList<SdpRtcpFeedback> Feedback)
{
    /// <summary>True for the repair and comfort formats that are not a media codec on their own (rtx, red, ulpfec, flexfec, CN, telephone-event).</summary>
    public bool IsAuxiliary => SdpCodecCatalog.IsAuxiliary(Name);

    public bool IsRtx => Name.Equals("rtx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>apt</c> of an RTX payload type (RFC 4588 §8.6), or null.</summary>
    public int? AssociatedPayloadType =>
        IsRtx && Fmtp is not null && SdpTokens.TryInt(new SdpFmtp(PayloadType, Fmtp).Get("apt") ?? string.Empty, 0, 127, out int apt) ? apt : null;

    public string? GetParameter(string name) => Fmtp is null ? null : new SdpFmtp(PayloadType, Fmtp).Get(name);

    /// <summary>The catalog name Janus uses for this codec (<c>opus</c>, <c>pcmu</c>, <c>vp9</c>, <c>h264</c>...), or the encoding name lower-cased.</summary>
    public string CanonicalName => SdpCodecCatalog.CanonicalName(Name, ClockRate);
}
