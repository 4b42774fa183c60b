using System.Buffers.Binary;
using Janus.Core;
using Janus.Media.Rtp;
using Janus.Media.Rtp.Codecs;

namespace Janus.Media.Relay;

/// <summary>
/// Relays a simulcast sender's video to one receiver as a single stream: a <see cref="SimulcastSelector"/> picks
/// the packets, and the copy handed on has no sequence gaps where temporal layers were dropped and, for VP8,
/// picture ids and TL0PICIDX that continue across substream switches (decoders track frames by them). The
/// receiver's PeerConnection then gives the stream its own SSRC and continuous numbering across SSRC changes.
/// Safe to call from several receive threads (a receiver may be fed by more than one sender).
/// </summary>
public sealed class SimulcastForwarder
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly SimulcastSelector _selector = new();
    private uint _sourceSsrc;
    private ushort _skipped;
    private int _pictureBase, _pictureBasePrevious, _lastPicture;
    private int _tl0Base, _tl0BasePrevious, _lastTl0;

    /// <param name="time">The clock fallbacks are timed by (the system's when null).</param>
    public SimulcastForwarder(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public int Substream => _selector.Substream;

    public int TemporalLayer => _selector.TemporalLayer;

    // Targets are plain ints the next packet reads under the lock: setting one needs no lock of its own.
    public int TargetSubstream
    {
        get => _selector.TargetSubstream;
        set => _selector.TargetSubstream = Math.Clamp(value, 0, 2);
    }

    public int TargetTemporalLayer
    {
        get => _selector.TargetTemporalLayer;
        set => _selector.TargetTemporalLayer = Math.Clamp(value, 0, 2);
    }

    /// <summary>Janus's <c>fallback</c>: microseconds without packets on the relayed substream before going lower (0 = 250 ms).</summary>
    public int FallbackMicroseconds
    {
        get => _selector.FallbackMicroseconds;
        set => _selector.FallbackMicroseconds = Math.Max(0, value);
    }

    /// <summary>Forgets the stream (a new PeerConnection): the next keyframe starts it again. Targets stay.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _selector.Reset();
            _sourceSsrc = 0;
            _skipped = 0;
            _pictureBase = _pictureBasePrevious = _lastPicture = 0;
            _tl0Base = _tl0BasePrevious = _lastTl0 = 0;
        }
    }

    /// <summary>
    /// Decides about <paramref name="rtp"/> (a packet of <paramref name="substream"/>); when the result has
    /// <see cref="SimulcastDecision.Relay"/>, <paramref name="output"/> holds the packet to send, <paramref name="length"/> bytes.
    /// <paramref name="temporalLayer"/>: the frame's layer if the core knows it (<see cref="RtpPacket.TemporalLayer"/>).
    /// </summary>
    public SimulcastDecision Forward(Span<byte> rtp, int substream, RtpVideoCodec codec, Span<byte> output, out int length, int temporalLayer = -1)
    {
        length = 0;
        if (substream < 0 || rtp.Length > output.Length || !RtpHeaderView.TryParse(rtp, out RtpHeaderView view))
        {
            return SimulcastDecision.Drop;
        }
        long nowUs = _time.Microseconds();
        lock (_gate)
        {
            SimulcastDecision decision = _selector.Process(substream, codec, view.Payload, nowUs, temporalLayer);
            if ((decision & SimulcastDecision.Relay) == 0)
            {
                if ((decision & SimulcastDecision.TemporalDrop) != 0 && view.Ssrc == _sourceSsrc)
                {
                    _skipped++;
                }
                return decision;
            }
            if (view.Ssrc != _sourceSsrc)
            {
                // A new source: the receiver's PeerConnection re-bases numbering on the SSRC change.
                _sourceSsrc = view.Ssrc;
                _skipped = 0;
            }
            rtp.CopyTo(output);
            length = rtp.Length;
            if (_skipped != 0)
            {
                BinaryPrimitives.WriteUInt16BigEndian(output.Slice(2), (ushort)(view.SequenceNumber - _skipped));
            }
            if (codec == RtpVideoCodec.Vp8)
            {
                KeepVp8PicturesContinuous(output.Slice(view.PayloadOffset, view.PayloadLength), (decision & SimulcastDecision.SubstreamChanged) != 0);
            }
            return decision;
        }
    }

    // Each substream numbers its pictures on its own; after a switch the receiver must see the next number, not a
    // jump back or ahead (RFC 7741 §4.2: picture ids and TL0PICIDX increase by one per picture).
    private void KeepVp8PicturesContinuous(Span<byte> payload, bool switched)
    {
        if (!Vp8Descriptor.TryParse(payload, out Vp8Descriptor vp8))
        {
            return;
        }
        int picture = vp8.ReadPictureId(payload);
        if (picture >= 0)
        {
            if (switched)
            {
                _pictureBasePrevious = _lastPicture;
                _pictureBase = picture;
            }
            int mask = vp8.LongPictureId ? 0x7FFF : 0x7F;
            _lastPicture = (picture - _pictureBase + _pictureBasePrevious + 1) & mask;
            vp8.WritePictureId(payload, _lastPicture);
        }
        if (vp8.Tl0PicIdxOffset >= 0)
        {
            int tl0 = payload[vp8.Tl0PicIdxOffset];
            if (switched)
            {
                _tl0BasePrevious = _lastTl0;
                _tl0Base = tl0;
            }
            _lastTl0 = (tl0 - _tl0Base + _tl0BasePrevious + 1) & 0xFF;
            payload[vp8.Tl0PicIdxOffset] = (byte)_lastTl0;
        }
    }
}
