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
    public int SubstreamTarget = 2;
    public int TemporalTarget = 2;
    public int HangingUp;
    public int Destroyed;
}
