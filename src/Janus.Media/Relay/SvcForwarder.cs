using System.Buffers.Binary;
using Janus.Core;
using Janus.Media.Rtp;
using Janus.Media.Rtp.Codecs;

namespace Janus.Media.Relay;

/// <summary>
/// Relays an SVC sender's video to one receiver with only the layers it asked for: an <see cref="SvcSelector"/>
/// decides, and the copy handed on has no sequence gaps where layers were dropped and a marker bit where the
/// highest relayed spatial layer ends a picture. Layers come from the Dependency Descriptor when the core read it,
/// else from VP9's payload descriptor; a packet without either is relayed as it is. Safe from several threads.
/// </summary>
public sealed class SvcForwarder
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly SvcSelector _selector = new();
    private ushort _skipped;

    /// <param name="time">The clock fallbacks are timed by (the system's when null).</param>
    public SvcForwarder(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public int SpatialLayer => _selector.Spatial;
    public int TemporalLayer => _selector.Temporal;

    // Targets are plain ints the next packet reads under the lock: setting one needs no lock of its own.
    public int TargetSpatialLayer
    {
        get => _selector.TargetSpatial;
        set => _selector.TargetSpatial = Math.Clamp(value, 0, 2);
    }

    public int TargetTemporalLayer
    {
        get => _selector.TargetTemporal;
        set => _selector.TargetTemporal = Math.Clamp(value, 0, 2);
    }

    public int FallbackMicroseconds
    {
        get => _selector.FallbackMicroseconds;
        set => _selector.FallbackMicroseconds = Math.Max(0, value);
    }

    public void Reset()
    {
        lock (_gate)
        {
            _selector.Reset();
            _skipped = 0;
        }
    }

    /// <summary>
    /// Decides about <paramref name="rtp"/>; when the result has <see cref="SvcDecision.Relay"/>,
    /// <paramref name="output"/> holds the packet to send, <paramref name="length"/> bytes.
    /// </summary>
    public SvcDecision Forward(Span<byte> rtp, RtpVideoCodec codec, FrameLayers layers, Span<byte> output, out int length)
    {
        length = 0;
        if (rtp.Length > output.Length || !RtpHeaderView.TryParse(rtp, out RtpHeaderView view))
        {
            return SvcDecision.Drop;
        }
        bool keyframe = VideoKeyframes.IsKeyframe(codec, view.Payload);
        SvcPacket packet;
        if (layers.Known)
        {
            // The Dependency Descriptor has no switching-up flag: every frame of a higher layer is a way up, as
            // Janus treats AV1.
            packet = new SvcPacket(layers.Spatial, layers.Temporal, layers.StartOfFrame, layers.EndOfFrame, SwitchingUp: true, Flexible: true, keyframe);
        }
        else if (codec == RtpVideoCodec.Vp9 && Vp9Descriptor.TryParse(view.Payload, out Vp9Descriptor vp9) && vp9.HasLayers)
        {
            packet = new SvcPacket(vp9.Spatial, vp9.Temporal, vp9.StartOfFrame, vp9.EndOfFrame, vp9.SwitchingUp, vp9.Flexible, keyframe);
        }
        else
        {
            rtp.CopyTo(output);
            length = rtp.Length;
            return SvcDecision.Relay;
        }
        long nowUs = _time.Microseconds();
        lock (_gate)
        {
            SvcDecision decision = _selector.Process(packet, nowUs);
            if ((decision & SvcDecision.Relay) == 0)
            {
                _skipped++;
                return decision;
            }
            rtp.CopyTo(output);
            length = rtp.Length;
            if (_skipped != 0)
            {
                BinaryPrimitives.WriteUInt16BigEndian(output.Slice(2), (ushort)(view.SequenceNumber - _skipped));
            }
            if ((decision & SvcDecision.SetMarker) != 0)
            {
                output[1] |= 0x80;
            }
            return decision;
        }
    }
}
