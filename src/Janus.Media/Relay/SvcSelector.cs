
namespace Janus.Media.Relay;

/// <summary>What an <see cref="SvcSelector"/> decided about one packet.</summary>
[Flags]
public enum SvcDecision
{
    /// <summary>Drop: a layer above what the receiver gets (its sequence number gap must be closed).</summary>
    Drop = 0,
    Relay = 1,
    SpatialLayerChanged = 2,
    TemporalLayerChanged = 4,
    /// <summary>The packet ends the highest spatial layer relayed: it must carry the marker bit the dropped layer would have.</summary>
    SetMarker = 8,
    /// <summary>Ask the sender for a keyframe: a wanted higher spatial layer flows but no keyframe came for a second.</summary>
    KeyframeNeeded = 16,
}

/// <summary>Where a packet sits in a scalable (SVC) stream, from the Dependency Descriptor or the VP9 payload descriptor.</summary>
public readonly record struct SvcPacket(int Spatial, int Temporal, bool StartOfFrame, bool EndOfFrame, bool SwitchingUp, bool Flexible, bool Keyframe);

/// <summary>
/// For one receiver of an SVC sender (VP9 or AV1 with several spatial and temporal layers in one stream): which
/// layers it gets. Going up in space waits for a keyframe and picks the highest layer that was seen lately; going
/// down waits for the end of a layer frame (or a keyframe in VP9's non-flexible mode); temporal layers go up at a
/// switching point and down at the end of a frame of the target layer (Janus's SVC context, after medooze's VP9
/// layer selector). Not thread-safe: callers serialise.
/// </summary>
public sealed class SvcSelector
{
    private readonly long[] _lastSeenUs = new long[3];
    private long _waitingSinceUs;

    public int Spatial { get; private set; } = -1;
    public int Temporal { get; private set; } = -1;
    public int TargetSpatial { get; set; } = 2;
    public int TargetTemporal { get; set; } = 2;

    /// <summary>How long a spatial layer may be silent before an upswitch skips it (0 = 250 ms, as in Janus).</summary>
    public int FallbackMicroseconds { get; set; }

    public void Reset()
    {
        Spatial = Temporal = -1;
        _waitingSinceUs = 0;
        Array.Clear(_lastSeenUs);
    }

    public SvcDecision Process(in SvcPacket packet, long nowUs)
    {
        var decision = SvcDecision.Drop;
        if (packet.Spatial is >= 0 and <= 2)
        {
            _lastSeenUs[packet.Spatial] = nowUs;
        }
        int spatial = Spatial;
        if (TargetSpatial > Spatial)
        {
            if (packet.Keyframe)
            {
                long limit = FallbackMicroseconds > 0 ? FallbackMicroseconds : SimulcastSelector.DefaultFallbackMicroseconds;
                int next = TargetSpatial;
                while (next > Spatial && next > 0 && nowUs - _lastSeenUs[next] >= limit)
                {
                    next--;
                }
                if (next > Spatial)
                {
                    Spatial = spatial = next;
                    decision |= SvcDecision.SpatialLayerChanged;
                    _waitingSinceUs = 0;
                }
            }
            else if (packet.Spatial > Spatial)
            {
                // Going up waits for a keyframe, which a sender may not send when asked too soon: ask again every second.
                if (_waitingSinceUs == 0)
                {
                    _waitingSinceUs = nowUs;
                }
                else if (nowUs - _waitingSinceUs >= SimulcastSelector.KeyframeRetryMicroseconds)
                {
                    _waitingSinceUs = nowUs;
                    decision |= SvcDecision.KeyframeNeeded;
                }
            }
        }
        else if (TargetSpatial < Spatial && (packet.Flexible ? packet.EndOfFrame : packet.Keyframe))
        {
            Spatial = TargetSpatial;
            decision |= SvcDecision.SpatialLayerChanged;
        }
        if (spatial < packet.Spatial)
        {
            return decision & ~SvcDecision.Relay;
        }
        if (packet.EndOfFrame && spatial == packet.Spatial)
        {
            decision |= SvcDecision.SetMarker;
        }
        int temporal = Temporal;
        if (TargetTemporal > Temporal)
        {
            if (packet.SwitchingUp && packet.StartOfFrame && packet.Temporal > Temporal && packet.Temporal <= TargetTemporal)
            {
                Temporal = temporal = packet.Temporal;
                decision |= SvcDecision.TemporalLayerChanged;
            }
        }
        else if (TargetTemporal < Temporal && packet.EndOfFrame && packet.Temporal == TargetTemporal)
        {
            Temporal = TargetTemporal;
            decision |= SvcDecision.TemporalLayerChanged;
        }
        if (temporal < packet.Temporal)
        {
            return decision & ~SvcDecision.SetMarker;
        }
        return decision | SvcDecision.Relay;
    }
}
