namespace Janus.Media.Sdp;

/// <summary>
/// The codecs the helpers know by the short names Janus's configuration uses (<c>audiocodec = "opus,pcmu"</c>),
/// with the payload type and parameters we offer them with.
/// </summary>
internal static class SdpCodecCatalog
{
    internal sealed record Entry(string Name, SdpMediaKind Kind, string EncodingName, int ClockRate, int? Channels, int PayloadType, string? Fmtp);

    private static readonly Entry[] s_entries =
    [
        new("opus", SdpMediaKind.Audio, "opus", 48000, 2, 111, "minptime=10;useinbandfec=1"),
        // Multichannel opus as Chrome names it (5.1 surround here).
        new("multiopus", SdpMediaKind.Audio, "multiopus", 48000, 6, 100, "channel_mapping=0,4,1,2,3,5;coupled_streams=2;num_streams=4"),
        new("pcmu", SdpMediaKind.Audio, "PCMU", 8000, null, 0, null),
        new("pcma", SdpMediaKind.Audio, "PCMA", 8000, null, 8, null),
        new("g722", SdpMediaKind.Audio, "G722", 8000, null, 9, null),
        new("isac16", SdpMediaKind.Audio, "ISAC", 16000, null, 103, null),
        new("isac32", SdpMediaKind.Audio, "ISAC", 32000, null, 104, null),
        new("l16-48", SdpMediaKind.Audio, "L16", 48000, null, 105, null),
        new("l16", SdpMediaKind.Audio, "L16", 16000, null, 106, null),
        new("vp8", SdpMediaKind.Video, "VP8", 90000, null, 96, null),
        new("vp9", SdpMediaKind.Video, "VP9", 90000, null, 98, "profile-id=0"),
        new("h264", SdpMediaKind.Video, "H264", 90000, null, 102, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"),
        new("av1", SdpMediaKind.Video, "AV1", 90000, null, 45, null),
        new("h265", SdpMediaKind.Video, "H265", 90000, null, 49, null),
    ];

    public static Entry? Find(string name)
    {
        foreach (var entry in s_entries)
        {
            if (entry.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                return entry;
        }
        return null;
    }

    public static IReadOnlyList<string> DefaultAudio { get; } = ["opus", "multiopus", "pcmu", "pcma", "g722", "isac16", "isac32"];

    public static IReadOnlyList<string> DefaultVideo { get; } = ["vp8", "vp9", "h264", "av1", "h265"];

    /// <summary>Whether an offered codec is the one a preference name asks for; <c>isac</c> matches either rate.</summary>
    public static bool Matches(string preference, SdpCodec codec)
    {
        if (preference.Equals("isac", StringComparison.OrdinalIgnoreCase))
            return codec.Name.Equals("ISAC", StringComparison.OrdinalIgnoreCase);
        if (preference.Equals("h265", StringComparison.OrdinalIgnoreCase) && codec.Name.Equals("HEVC", StringComparison.OrdinalIgnoreCase))
            return true;
        var entry = Find(preference);
        if (entry is null)
            return codec.Name.Equals(preference, StringComparison.OrdinalIgnoreCase);
        return codec.Name.Equals(entry.EncodingName, StringComparison.OrdinalIgnoreCase) && codec.ClockRate == entry.ClockRate;
    }

    public static string CanonicalName(string encodingName, int clockRate)
    {
        foreach (var entry in s_entries)
        {
            if (entry.EncodingName.Equals(encodingName, StringComparison.OrdinalIgnoreCase) && entry.ClockRate == clockRate)
                return entry.Name;
        }
        return encodingName.ToLowerInvariant();
    }

    public static bool IsAuxiliary(string encodingName) =>
        encodingName.Equals("rtx", StringComparison.OrdinalIgnoreCase)
        || encodingName.Equals("red", StringComparison.OrdinalIgnoreCase)
        || encodingName.Equals("ulpfec", StringComparison.OrdinalIgnoreCase)
        || encodingName.Equals("flexfec-03", StringComparison.OrdinalIgnoreCase)
        || encodingName.Equals("CN", StringComparison.OrdinalIgnoreCase)
        || encodingName.Equals("telephone-event", StringComparison.OrdinalIgnoreCase);

    /// <summary>The static payload types of RFC 3551 §6 that browsers send without an rtpmap.</summary>
    public static SdpRtpMap? StaticRtpMap(int payloadType) => payloadType switch
    {
        0 => new SdpRtpMap(0, "PCMU", 8000),
        8 => new SdpRtpMap(8, "PCMA", 8000),
        9 => new SdpRtpMap(9, "G722", 8000),
        13 => new SdpRtpMap(13, "CN", 8000),
        _ => null,
    };
}
