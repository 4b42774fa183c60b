namespace Janus.Core.Plugins;

/// <summary>
/// A decrypted RTP packet from a peer, or one a plugin asks the core to send (Janus's <c>janus_plugin_rtp</c>).
/// The buffer belongs to the caller and is only valid during the call: copy what you keep.
/// </summary>
public readonly ref struct RtpPacket
{
    public RtpPacket(int mindex, bool video, Span<byte> buffer)
        : this(mindex, video, buffer, -1, VideoCodec.None)
    {
    }

    public RtpPacket(int mindex, bool video, Span<byte> buffer, int substream, VideoCodec codec, VideoLayers layers = default)
    {
        MIndex = mindex;
        Video = video;
        Buffer = buffer;
        Substream = substream;
        Codec = codec;
        Layers = layers;
    }

    /// <summary>Index of the m-line the packet belongs to; -1 means the first audio or video m-line.</summary>
    public int MIndex { get; }
    public bool Video { get; }
    public Span<byte> Buffer { get; }

    /// <summary>
    /// For video the peer simulcasts: which substream the packet belongs to, 0 the lowest quality and 2 the highest
    /// (Janus's order); -1 when the stream is not simulcast. The core learns it from the SSRCs or rids of the SDP.
    /// </summary>
    public int Substream { get; }

    /// <summary>The negotiated video codec of the packet's stream (None for audio or when unknown).</summary>
    public VideoCodec Codec { get; }

    /// <summary>
    /// The spatial and temporal layer of the packet's frame when the core could read them from the Dependency
    /// Descriptor extension (libwebrtc then leaves VP8's own layer field out); not known otherwise.
    /// </summary>
    public VideoLayers Layers { get; }
}

/// <summary>
/// Where a video packet sits in a scalable stream, from the Dependency Descriptor (AV1 RTP specification, appendix
/// A): its frame's spatial and temporal layer, and whether it starts or ends that layer's frame.
/// </summary>
public readonly record struct VideoLayers(int Spatial, int Temporal, bool StartOfFrame, bool EndOfFrame, bool Known)
{
    public static VideoLayers Unknown => default;
}

/// <summary>The video codecs whose packets the core understands well enough to switch layers (Janus's janus_videocodec).</summary>
public enum VideoCodec
{
    None = 0,
    Vp8,
    Vp9,
    H264,
    Av1,
    H265,
}

/// <summary>A decrypted RTCP compound packet (Janus's <c>janus_plugin_rtcp</c>).</summary>
public readonly ref struct RtcpPacket
{
    public RtcpPacket(int mindex, bool video, Span<byte> buffer)
    {
        MIndex = mindex;
        Video = video;
        Buffer = buffer;
    }

    public int MIndex { get; }
    public bool Video { get; }
    public Span<byte> Buffer { get; }
}

/// <summary>A data channel message (Janus's <c>janus_plugin_data</c>).</summary>
public readonly ref struct DataPacket
{
    public DataPacket(string? label, string? protocol, bool binary, ReadOnlySpan<byte> buffer)
    {
        Label = label;
        Protocol = protocol;
        Binary = binary;
        Buffer = buffer;
    }

    public string? Label { get; }
    public string? Protocol { get; }
    public bool Binary { get; }
    public ReadOnlySpan<byte> Buffer { get; }
}
