using Janus.Core.Plugins;
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
    public volatile VideoCodec VideoCodec;
    public readonly SimulcastForwarder Simulcast = new();
    public int HangingUp;
    public int Destroyed;
}
