namespace Janus.Media.Sdp;

/// <summary>Picks, from an offered m-line, the payload type to answer with, following a preference list.</summary>
internal static class SdpCodecChooser
{
    public static SdpCodec? Choose(List<SdpCodec> offered, IReadOnlyList<string> preferences, SdpMediumAnswerOptions options)
    {
        foreach (var preference in preferences)
        {
            SdpCodec? fallback = null;
            foreach (var codec in offered)
            {
                if (codec.IsAuxiliary || !SdpCodecCatalog.Matches(preference, codec) || !MeetsConstraints(codec, options))
                    continue;
                if (IsPreferredVariant(codec, options))
                    return codec;
                fallback ??= codec;
            }
            if (fallback is not null)
                return fallback;
        }
        return null;
    }

    private static bool MeetsConstraints(SdpCodec codec, SdpMediumAnswerOptions options)
    {
        switch (codec.CanonicalName)
        {
            case "vp9" when options.Vp9Profile is not null:
                return (codec.GetParameter("profile-id") ?? "0") == options.Vp9Profile;
            case "h264":
                if (options.H264ProfileLevelId is not null
                    && !string.Equals(codec.GetParameter("profile-level-id"), options.H264ProfileLevelId, StringComparison.OrdinalIgnoreCase))
                    return false;
                if (options.H264PacketizationMode is { } mode && (codec.GetParameter("packetization-mode") ?? "0") != SdpTokens.Invariant(mode))
                    return false;
                return true;
            default:
                return true;
        }
    }

    /// <summary>Without an explicit mode, H.264 packetization-mode=1 is what browsers and the relay expect (RFC 6184 §6.3).</summary>
    private static bool IsPreferredVariant(SdpCodec codec, SdpMediumAnswerOptions options) =>
        codec.CanonicalName != "h264" || options.H264PacketizationMode is not null || codec.GetParameter("packetization-mode") == "1";
}
