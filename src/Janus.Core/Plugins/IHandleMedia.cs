namespace Janus.Core.Plugins;

/// <summary>
/// One handle's media as a plugin shapes it (Janus's script plugins keep the same settings in C per session): which
/// media flow, to whom, at which simulcast substream or SVC layer, capped at which bitrate, with which keyframe pace.
/// The media core relays accordingly; the plugin never sees those packets. It lives from attach to detach, across
/// PeerConnections (a hangup keeps it, with its routes cleared, as Janus does). Safe to call from any thread.
/// </summary>
public interface IHandleMedia
{
    PluginHandle Handle { get; }

    /// <summary>Janus's configureMedium: whether this handle may receive (In) or have relayed (Out) audio, video or data.</summary>
    void Configure(RelayMedium medium, RelayDirection direction, bool enabled);

    bool IsEnabled(RelayMedium medium, RelayDirection direction);

    /// <summary>
    /// What this handle's peer sends also goes to <paramref name="recipient"/>'s peer (itself for an echo); the
    /// recipient's keyframe requests come back here. Both must belong to the same media core.
    /// </summary>
    void AddRecipient(IHandleMedia recipient);

    void RemoveRecipient(IHandleMedia recipient);

    /// <summary>Caps what the peer may send (REMB now, and as the answer to every REMB the peer sends); 0 removes the cap.</summary>
    void SetBitrateCap(uint bitsPerSecond);

    uint BitrateCap { get; }

    /// <summary>Asks this handle's peer for a keyframe every <paramref name="seconds"/> (0 stops).</summary>
    void SetPliFrequency(int seconds);

    /// <summary>The simulcast substream this handle receives (0..2); a switch waits for a keyframe, which is asked for.</summary>
    void SetSubstream(int substream);

    /// <summary>The temporal layer cap (0..2) of what this handle receives, simulcast or SVC.</summary>
    void SetTemporalLayer(int layer);

    /// <summary>The SVC spatial layer cap (0..2) of what this handle receives.</summary>
    void SetSpatialLayer(int layer);

    /// <summary>How long a simulcast substream may be silent before a lower one takes over (0: never), in microseconds.</summary>
    void SetSimulcastFallback(int microseconds);

    /// <summary>What this handle receives of a simulcast or SVC sender now, and what it asked for.</summary>
    VideoLayerState Layers { get; }

    /// <summary>A data channel is open to this handle's peer (messages relayed or sent before that are dropped).</summary>
    bool IsDataReady { get; }

    /// <summary>Asks this handle's peer for a keyframe on every video stream (mindex &lt; 0) or one (PLI).</summary>
    void RequestKeyframe(int mindex = -1);

    /// <summary>Tells this handle's peer the most it should send (a REMB now, whatever the cap).</summary>
    void SendRemb(uint bitsPerSecond);

    // For plugins that take packets themselves (PluginMediaInterest): what they send to this handle's peer.
    void SendRtp(in RtpPacket packet);

    void SendRtcp(in RtcpPacket packet);

    void SendData(in DataPacket packet);
}

/// <summary>The substream and layers a handle receives now and the ones it asked for (-1: not known yet).</summary>
public readonly record struct VideoLayerState(
    int Substream, int TargetSubstream,
    int SpatialLayer, int TargetSpatialLayer,
    int TemporalLayer, int TargetTemporalLayer,
    bool Simulcast, bool Svc);

/// <summary>What changed in what a handle receives of a simulcast or SVC sender (raised on the packet path).</summary>
[Flags]
public enum VideoLayerChange
{
    None = 0,
    Substream = 1,
    TemporalLayer = 2,
    SpatialLayer = 4,
}
