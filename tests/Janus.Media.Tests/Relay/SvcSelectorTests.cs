using Janus.Media.Rtp;
using System.Buffers.Binary;
using Janus.Media.Relay;
using Janus.Media.Rtp.Codecs;

namespace Janus.Media.Tests.Relay;

public sealed class SvcSelectorTests
{
    private static SvcPacket Packet(int spatial, int temporal, bool keyframe = false, bool start = true, bool end = true, bool up = true, bool flexible = true) =>
        new(spatial, temporal, start, end, up, flexible, keyframe);

    [Fact]
    public void Nothing_goes_out_before_a_keyframe_then_the_highest_recent_layer_is_taken()
    {
        var selector = new SvcSelector();
        Assert.Equal(SvcDecision.Drop, selector.Process(Packet(0, 0), 1_000_000));
        // Layer 2 was never seen: the keyframe takes the stream up to layer 1 only.
        selector.Process(Packet(1, 0), 1_000_000);
        SvcDecision key = selector.Process(Packet(0, 0, keyframe: true, end: false), 1_001_000);
        Assert.True(key.HasFlag(SvcDecision.SpatialLayerChanged | SvcDecision.Relay));
        Assert.Equal(1, selector.Spatial);
        Assert.True(selector.Process(Packet(1, 0), 1_002_000).HasFlag(SvcDecision.Relay));
        Assert.False(selector.Process(Packet(2, 0), 1_002_000).HasFlag(SvcDecision.Relay));
    }

    [Fact]
    public void An_upswitch_still_waiting_for_its_keyframe_asks_again_every_second()
    {
        var selector = new SvcSelector { TargetSpatial = 0 };
        selector.Process(Packet(0, 0, keyframe: true), 1_000_000);
        selector.TargetSpatial = 2;
        Assert.False(selector.Process(Packet(2, 0), 1_100_000).HasFlag(SvcDecision.KeyframeNeeded));
        Assert.True(selector.Process(Packet(2, 0), 2_200_000).HasFlag(SvcDecision.KeyframeNeeded));
        Assert.True(selector.Process(Packet(0, 0, keyframe: true), 2_300_000).HasFlag(SvcDecision.SpatialLayerChanged));
        Assert.Equal(2, selector.Spatial);
    }

    [Fact]
    public void The_end_of_the_top_relayed_layer_carries_the_marker()
    {
        var selector = new SvcSelector { TargetSpatial = 0 };
        selector.Process(Packet(0, 0, keyframe: true, end: false), 1000);
        Assert.Equal(0, selector.Spatial);
        Assert.Equal(SvcDecision.Relay | SvcDecision.SetMarker, selector.Process(Packet(0, 0, start: false, end: true), 1000));
        Assert.Equal(SvcDecision.Drop, selector.Process(Packet(1, 0), 1000));
    }

    [Fact]
    public void Going_down_waits_for_the_end_of_a_layer_frame_in_flexible_mode_and_a_keyframe_otherwise()
    {
        var flexible = new SvcSelector();
        flexible.Process(Packet(2, 0), 1000);
        flexible.Process(Packet(0, 0, keyframe: true), 1000);
        Assert.Equal(2, flexible.Spatial);
        flexible.TargetSpatial = 0;
        flexible.Process(Packet(1, 0, end: false), 2000);
        Assert.Equal(2, flexible.Spatial);
        Assert.True(flexible.Process(Packet(1, 0, end: true), 2000).HasFlag(SvcDecision.SpatialLayerChanged));
        Assert.Equal(0, flexible.Spatial);

        var fixedMode = new SvcSelector();
        fixedMode.Process(Packet(2, 0, flexible: false), 1000);
        fixedMode.Process(Packet(0, 0, keyframe: true, flexible: false), 1000);
        fixedMode.TargetSpatial = 0;
        fixedMode.Process(Packet(1, 0, end: true, flexible: false), 2000);
        Assert.Equal(2, fixedMode.Spatial);
        fixedMode.Process(Packet(0, 0, keyframe: true, flexible: false), 3000);
        Assert.Equal(0, fixedMode.Spatial);
    }

    [Fact]
    public void Temporal_layers_go_up_at_switching_points_and_down_at_the_end_of_a_target_layer_frame()
    {
        var selector = new SvcSelector { TargetSpatial = 0, TargetTemporal = 0 };
        selector.Process(Packet(0, 0, keyframe: true), 1000);
        Assert.Equal(0, selector.Temporal);
        Assert.Equal(SvcDecision.Drop, selector.Process(Packet(0, 1), 1000));
        selector.TargetTemporal = 2;
        Assert.Equal(SvcDecision.Drop, selector.Process(Packet(0, 2, up: false), 2000));
        Assert.True(selector.Process(Packet(0, 2, up: true), 3000).HasFlag(SvcDecision.TemporalLayerChanged));
        Assert.Equal(2, selector.Temporal);
        selector.TargetTemporal = 1;
        Assert.True(selector.Process(Packet(0, 2, end: true), 4000).HasFlag(SvcDecision.Relay));
        Assert.True(selector.Process(Packet(0, 1, end: true), 5000).HasFlag(SvcDecision.TemporalLayerChanged));
        Assert.Equal(SvcDecision.Drop, selector.Process(Packet(0, 2), 6000));
    }

    [Fact]
    public void The_vp9_descriptor_gives_the_layers_and_the_forwarder_closes_gaps_and_sets_markers()
    {
        // I (7-bit picture id), L, F, B, E: then TID=1, U, SID=1.
        byte[] payload = [0xBC, 0x05, (1 << 5) | 0x10 | (1 << 1), 0, 0, 0];
        Assert.True(Vp9Descriptor.TryParse(payload, out Vp9Descriptor vp9));
        Assert.Equal((1, 1, true, true, true, true), (vp9.Spatial, vp9.Temporal, vp9.SwitchingUp, vp9.StartOfFrame, vp9.EndOfFrame, vp9.Flexible));
        Assert.False(Vp9Descriptor.TryParse([0xA0, 0x05], out _));

        var forwarder = new SvcForwarder { TargetSpatialLayer = 0, TargetTemporalLayer = 2 };
        var output = new byte[100];
        // A keyframe's layer 0 (P clear, B set, no E), then its layer 1, then layer 0 of the next picture with E.
        Assert.True(forwarder.Forward(Vp9Rtp(100, 0x2C & ~0x04, 0, 0), RtpVideoCodec.Vp9, default, output, out _).HasFlag(SvcDecision.Relay));
        Assert.False(forwarder.Forward(Vp9Rtp(101, 0x7C, 1, 0), RtpVideoCodec.Vp9, default, output, out _).HasFlag(SvcDecision.Relay));
        SvcDecision next = forwarder.Forward(Vp9Rtp(102, 0x7C, 0, 0), RtpVideoCodec.Vp9, default, output, out int length);
        Assert.True(next.HasFlag(SvcDecision.Relay | SvcDecision.SetMarker));
        Assert.Equal(101, BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(2)));
        Assert.True((output[1] & 0x80) != 0);
        Assert.Equal(18, length);
    }

    // An RTP packet with a VP9 descriptor of flags `first` (L set) and the given spatial/temporal ids.
    private static byte[] Vp9Rtp(ushort seq, int first, int spatial, int temporal)
    {
        var packet = new byte[18];
        packet[0] = 0x80;
        packet[1] = 98;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        packet[8] = 1;
        packet[12] = (byte)(first | 0x20);
        packet[13] = (byte)((temporal << 5) | 0x10 | (spatial << 1));
        return packet;
    }
}
