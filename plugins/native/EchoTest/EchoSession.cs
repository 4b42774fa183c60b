using Janus.Media.Recording;
using Janus.Media.Relay;

namespace Janus.Plugins.EchoTest;

/// <summary>What the EchoTest keeps per handle. Flags are read on the packet path, written by requests.</summary>
internal sealed class EchoSession
{
    public volatile bool AudioActive = true;
    public volatile bool VideoActive = true;
    public volatile bool HasAudio;
    public volatile bool HasVideo;
    public volatile bool HasData;
    public uint Bitrate;
    /// <summary>Set once the peer's video arrives as simulcast; then only one substream is echoed.</summary>
    public volatile bool Simulcasting;
    public readonly SimulcastForwarder Simulcast = new();

    /// <summary>Set when the offer says the peer sends SVC (janus.js's jsep.svc): only the asked-for layers are echoed.</summary>
    public volatile bool Svc;
    public readonly SvcForwarder SvcLayers = new();

    /// <summary>The recordings the user asked for ("record": true), and the negotiated codecs they are in.</summary>
    public readonly MediaRecorders Recorders = new();
    public string AudioCodecName = "opus";
    public string VideoCodecName = "vp8";
    public string? VideoFmtp;
    /// <summary>The offer said "e2ee": true: audio and video recordings are marked encrypted, as Janus's EchoTest does.</summary>
    public volatile bool E2ee;
    public int HangingUp;
    public int Destroyed;
}
