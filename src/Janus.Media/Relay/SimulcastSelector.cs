using Janus.Media.Rtp.Codecs;

namespace Janus.Media.Relay;

/// <summary>What a <see cref="SimulcastSelector"/> decided about one packet.</summary>
[Flags]
public enum SimulcastDecision
{
    /// <summary>Drop the packet: another substream, a higher temporal layer, or no keyframe yet.</summary>
    Drop = 0,
    Relay = 1,
    /// <summary>The receiver now gets another substream (first keyframe, a switch, or a fallback).</summary>
    SubstreamChanged = 2,
    TemporalLayerChanged = 4,
    /// <summary>Ask the sender for a keyframe: the wanted substream stopped and we fell back to a lower one.</summary>
    KeyframeNeeded = 8,
    /// <summary>Dropped as a temporal layer above the cap: the receiver's sequence numbers must close the gap.</summary>
    TemporalDrop = 16,
}

/// <summary>
/// For one receiver of a simulcast sender: which substream and temporal layer it gets, switching only on a
/// keyframe, and falling back to a lower substream when the one it gets stops (Janus's simulcasting context,
/// including its 250 ms default fallback). Not thread-safe: <see cref="SimulcastForwarder"/> serialises calls.
/// </summary>
public sealed class SimulcastSelector
{
    public const int DefaultFallbackMicroseconds = 250_000;

    /// <summary>How long a switch may wait for its keyframe before the sender is asked again.</summary>
    public const int KeyframeRetryMicroseconds = 1_000_000;

    private int _temporaryTarget = -1;
    private long _lastRelayedUs;
    private long _waitingSinceUs;

    /// <summary>The substream relayed now, -1 before the first keyframe.</summary>
    public int Substream { get; private set; } = -1;

    /// <summary>The temporal layer cap in effect, -1 while none applies.</summary>
    public int TemporalLayer { get; private set; } = -1;

    /// <summary>The substream the receiver asked for (Janus starts at the highest).</summary>
    public int TargetSubstream { get; set; } = 2;

    public int TargetTemporalLayer { get; set; } = 2;

    /// <summary>How long the relayed substream may be silent before falling back (0 = the default).</summary>
    public int FallbackMicroseconds { get; set; }

    public void Reset()
    {
        Substream = -1;
        TemporalLayer = -1;
        _temporaryTarget = -1;
        _lastRelayedUs = 0;
        _waitingSinceUs = 0;
    }

    /// <summary>
    /// Decides about a packet of <paramref name="substream"/> whose RTP payload is <paramref name="payload"/>;
    /// <paramref name="temporalLayer"/> is the frame's layer when the core read it from the Dependency Descriptor
    /// (-1: look in the codec's payload descriptor, VP8's TID).
    /// </summary>
    public SimulcastDecision Process(int substream, RtpVideoCodec codec, ReadOnlySpan<byte> payload, long nowUs, int temporalLayer = -1)
    {
        var decision = SimulcastDecision.Drop;
        // A lower substream we fell back to is given up as soon as something higher flows again, or when the
        // receiver asks for no more than it.
        if (_temporaryTarget != -1 && (substream > _temporaryTarget || TargetSubstream <= _temporaryTarget))
        {
            _temporaryTarget = -1;
        }
        int target = _temporaryTarget == -1 ? TargetSubstream : _temporaryTarget;
        if (Substream == -1)
        {
            if (!VideoKeyframes.IsKeyframe(codec, payload))
            {
                return KeepAsking(nowUs);
            }
            Substream = substream;
            decision |= SimulcastDecision.SubstreamChanged;
            _lastRelayedUs = nowUs;
        }
        else if (Substream != target)
        {
            // Move towards the target one keyframe at a time, never away from it.
            bool towards = (Substream < target && substream > Substream) || (Substream > target && substream < Substream);
            if (towards && VideoKeyframes.IsKeyframe(codec, payload))
            {
                Substream = substream;
                decision |= SimulcastDecision.SubstreamChanged;
                _lastRelayedUs = nowUs;
            }
            else if (towards)
            {
                decision |= KeepAsking(nowUs);
            }
        }
        if (Substream == target)
        {
            _waitingSinceUs = 0;
        }
        decision |= CheckFallback(substream, nowUs);
        if (substream != Substream)
        {
            return decision & ~SimulcastDecision.Relay;
        }
        _lastRelayedUs = nowUs;
        int tid = temporalLayer;
        if (tid < 0 && codec == RtpVideoCodec.Vp8 && Vp8Descriptor.TryParse(payload, out Vp8Descriptor vp8) && vp8.HasTemporalLayer)
        {
            tid = vp8.TemporalLayer;
        }
        if (tid >= 0)
        {
            if (TemporalLayer != TargetTemporalLayer && tid == TargetTemporalLayer)
            {
                TemporalLayer = TargetTemporalLayer;
                decision |= SimulcastDecision.TemporalLayerChanged;
            }
            if (TemporalLayer != -1 && tid > TemporalLayer)
            {
                return decision | SimulcastDecision.TemporalDrop;
            }
        }
        return decision | SimulcastDecision.Relay;
    }

    // A switch waits for a keyframe, and a sender may ignore a request (libwebrtc drops those that come too soon
    // after its last keyframe): while the wanted substream flows without one, ask again every second.
    private SimulcastDecision KeepAsking(long nowUs)
    {
        if (_waitingSinceUs == 0)
        {
            _waitingSinceUs = nowUs;
            return SimulcastDecision.Drop;
        }
        if (nowUs - _waitingSinceUs < KeyframeRetryMicroseconds)
        {
            return SimulcastDecision.Drop;
        }
        _waitingSinceUs = nowUs;
        return SimulcastDecision.KeyframeNeeded;
    }

    // The substream we relay went quiet (its sender stopped it, or bandwidth dropped it): aim one lower for a
    // while and ask for a keyframe there.
    private SimulcastDecision CheckFallback(int substream, long nowUs)
    {
        if (_lastRelayedUs == 0)
        {
            _lastRelayedUs = nowUs;
            return SimulcastDecision.Drop;
        }
        long limit = FallbackMicroseconds > 0 ? FallbackMicroseconds : DefaultFallbackMicroseconds;
        if (Substream <= 0 || nowUs - _lastRelayedUs <= limit)
        {
            return SimulcastDecision.Drop;
        }
        _lastRelayedUs = nowUs;
        if (Substream == substream || _temporaryTarget == 0 || TargetSubstream <= substream)
        {
            return SimulcastDecision.Drop;
        }
        int previous = _temporaryTarget;
        _temporaryTarget = Math.Max(0, (_temporaryTarget == -1 ? TargetSubstream : _temporaryTarget) - 1);
        return _temporaryTarget != previous ? SimulcastDecision.KeyframeNeeded : SimulcastDecision.Drop;
    }
}
