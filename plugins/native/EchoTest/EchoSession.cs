using Janus.Media.Relay;

namespace Janus.Plugins.EchoTest;

/// <summary>
/// What the EchoTest keeps per handle, written by requests. The echo itself is a route in the media core: the
/// handle's relay node sends its peer's media back to itself, with the substream or SVC layers asked for, and
/// records it; the plugin never sees those packets.
/// </summary>
internal sealed class EchoSession(RelayNode? media)
{
    /// <summary>The handle's media in the core (null on a server without one).</summary>
    public RelayNode? Media { get; } = media;

    public volatile bool AudioActive = true;
    public volatile bool VideoActive = true;
    public volatile bool HasAudio;
    public volatile bool HasVideo;
    public volatile bool HasData;
    public uint Bitrate;

    /// <summary>The negotiated codecs the recordings are in.</summary>
    public string AudioCodecName = "opus";
    public string VideoCodecName = "vp8";
    public string? VideoFmtp;
    /// <summary>The offer said "e2ee": true: audio and video recordings are marked encrypted, as Janus's EchoTest does.</summary>
    public volatile bool E2ee;
    public int HangingUp;
    public int Destroyed;
}
