using Janus.Media.Rtp;
using Janus.Media.Rtp.Codecs;
using Janus.Media.Relay;

namespace Janus.Media.Tests.Relay;

public sealed class SimulcastSelectorTests
{
    private static byte[] Payload(bool keyframe, int temporalLayer = 0) =>
        Vp8Packets.Build(1, 1, 0, 1, 0, temporalLayer, keyframe).AsSpan(12).ToArray();

    private static SimulcastDecision Process(SimulcastSelector selector, int substream, bool keyframe, long nowUs, int temporalLayer = 0) =>
        selector.Process(substream, RtpVideoCodec.Vp8, Payload(keyframe, temporalLayer), nowUs);

    [Fact]
    public void Nothing_is_relayed_before_a_keyframe_and_the_first_keyframe_starts_the_stream()
    {
        var selector = new SimulcastSelector();
        Assert.Equal(SimulcastDecision.Drop, Process(selector, 0, keyframe: false, 1000));
        Assert.Equal(-1, selector.Substream);

        SimulcastDecision first = Process(selector, 0, keyframe: true, 2000);
        Assert.True(first.HasFlag(SimulcastDecision.Relay));
        Assert.True(first.HasFlag(SimulcastDecision.SubstreamChanged));
        Assert.Equal(0, selector.Substream);
    }

    [Fact]
    public void The_receiver_moves_up_to_its_target_on_a_keyframe_of_a_higher_substream_only()
    {
        var selector = new SimulcastSelector { TargetSubstream = 2 };
        Process(selector, 0, keyframe: true, 1000);

        Assert.Equal(SimulcastDecision.Drop, Process(selector, 2, keyframe: false, 2000));
        Assert.True(Process(selector, 0, keyframe: false, 2000).HasFlag(SimulcastDecision.Relay));
        Assert.Equal(0, selector.Substream);

        SimulcastDecision up = Process(selector, 1, keyframe: true, 3000);
        Assert.True(up.HasFlag(SimulcastDecision.SubstreamChanged | SimulcastDecision.Relay));
        Assert.Equal(1, selector.Substream);
        Assert.Equal(SimulcastDecision.Drop, Process(selector, 0, keyframe: false, 3500));

        Process(selector, 2, keyframe: true, 4000);
        Assert.Equal(2, selector.Substream);
        // Once at the target, a keyframe elsewhere changes nothing.
        Assert.Equal(SimulcastDecision.Drop, Process(selector, 0, keyframe: true, 5000));
        Assert.Equal(2, selector.Substream);
    }

    [Fact]
    public void A_lower_target_is_reached_on_the_next_keyframe_of_a_lower_substream()
    {
        var selector = new SimulcastSelector { TargetSubstream = 2 };
        Process(selector, 2, keyframe: true, 1000);
        selector.TargetSubstream = 0;
        Assert.True(Process(selector, 2, keyframe: false, 2000).HasFlag(SimulcastDecision.Relay));
        Assert.Equal(SimulcastDecision.Drop, Process(selector, 0, keyframe: false, 2100));
        Assert.True(Process(selector, 0, keyframe: true, 2200).HasFlag(SimulcastDecision.SubstreamChanged));
        Assert.Equal(0, selector.Substream);
    }

    [Fact]
    public void A_silent_substream_makes_the_receiver_fall_back_and_ask_for_a_keyframe()
    {
        var selector = new SimulcastSelector { TargetSubstream = 2 };
        Process(selector, 2, keyframe: true, 1_000_000);
        // Only the low substream flows for longer than the fallback time.
        Assert.Equal(SimulcastDecision.Drop, Process(selector, 0, keyframe: false, 1_100_000));
        SimulcastDecision late = Process(selector, 0, keyframe: false, 1_400_000);
        Assert.True(late.HasFlag(SimulcastDecision.KeyframeNeeded));
        Assert.False(late.HasFlag(SimulcastDecision.Relay));
        // The temporary target is 1; when that is silent too, the next fallback goes to 0.
        late = Process(selector, 0, keyframe: false, 1_700_000);
        Assert.True(late.HasFlag(SimulcastDecision.KeyframeNeeded));
        Assert.True(Process(selector, 0, keyframe: true, 1_710_000).HasFlag(SimulcastDecision.SubstreamChanged));
        Assert.Equal(0, selector.Substream);
        // When the high substream is back, the receiver climbs to it again on its keyframe.
        Process(selector, 2, keyframe: false, 1_800_000);
        Assert.True(Process(selector, 2, keyframe: true, 1_810_000).HasFlag(SimulcastDecision.SubstreamChanged));
        Assert.Equal(2, selector.Substream);
    }

    [Fact]
    public void The_fallback_time_can_be_changed()
    {
        var selector = new SimulcastSelector { TargetSubstream = 2, FallbackMicroseconds = 2_000_000 };
        Process(selector, 2, keyframe: true, 1_000_000);
        Assert.False(Process(selector, 0, keyframe: false, 2_000_000).HasFlag(SimulcastDecision.KeyframeNeeded));
        Assert.True(Process(selector, 0, keyframe: false, 3_100_000).HasFlag(SimulcastDecision.KeyframeNeeded));
    }

    [Fact]
    public void Temporal_layers_above_the_cap_are_dropped_once_the_cap_is_reached()
    {
        var selector = new SimulcastSelector { TargetSubstream = 0, TargetTemporalLayer = 0 };
        SimulcastDecision first = Process(selector, 0, keyframe: true, 1000, temporalLayer: 0);
        Assert.True(first.HasFlag(SimulcastDecision.TemporalLayerChanged));
        Assert.Equal(0, selector.TemporalLayer);
        Assert.Equal(SimulcastDecision.TemporalDrop, Process(selector, 0, keyframe: false, 2000, temporalLayer: 2));
        Assert.Equal(SimulcastDecision.TemporalDrop, Process(selector, 0, keyframe: false, 3000, temporalLayer: 1));
        Assert.Equal(SimulcastDecision.Relay, Process(selector, 0, keyframe: false, 4000, temporalLayer: 0));

        selector.TargetTemporalLayer = 2;
        Assert.Equal(SimulcastDecision.TemporalDrop, Process(selector, 0, keyframe: false, 5000, temporalLayer: 1));
        Assert.Equal(SimulcastDecision.Relay | SimulcastDecision.TemporalLayerChanged, Process(selector, 0, keyframe: false, 6000, temporalLayer: 2));
        Assert.Equal(SimulcastDecision.Relay, Process(selector, 0, keyframe: false, 7000, temporalLayer: 1));
    }

    [Fact]
    public void The_layer_the_dependency_descriptor_gives_is_used_when_the_payload_has_none()
    {
        // libwebrtc leaves VP8's TID out when the Dependency Descriptor is negotiated.
        byte[] key = [0x10, 0x00, 0x00, 0x00, 0x9D, 0x01, 0x2A, 0, 0, 0];
        byte[] delta = [0x10, 0x01, 0x00, 0x00, 0, 0, 0, 0, 0, 0];
        var selector = new SimulcastSelector { TargetSubstream = 0, TargetTemporalLayer = 0 };
        Assert.True(selector.Process(0, RtpVideoCodec.Vp8, key, 1000, temporalLayer: 0).HasFlag(SimulcastDecision.TemporalLayerChanged));
        Assert.Equal(SimulcastDecision.TemporalDrop, selector.Process(0, RtpVideoCodec.Vp8, delta, 2000, temporalLayer: 1));
        Assert.Equal(SimulcastDecision.Relay, selector.Process(0, RtpVideoCodec.Vp8, delta, 3000, temporalLayer: 0));
        // Without any layer information nothing is dropped.
        Assert.Equal(SimulcastDecision.Relay, selector.Process(0, RtpVideoCodec.Vp8, delta, 4000));
    }

    [Fact]
    public void A_switch_still_waiting_for_its_keyframe_asks_the_sender_again_every_second()
    {
        var selector = new SimulcastSelector { TargetSubstream = 2 };
        Process(selector, 2, keyframe: true, 1_000_000);
        selector.TargetSubstream = 0;
        // The substream wanted flows, but its keyframe does not come (the first request was ignored).
        Assert.False(Process(selector, 0, keyframe: false, 1_100_000).HasFlag(SimulcastDecision.KeyframeNeeded));
        Process(selector, 2, keyframe: false, 1_100_000);
        Assert.False(Process(selector, 0, keyframe: false, 1_600_000).HasFlag(SimulcastDecision.KeyframeNeeded));
        Process(selector, 2, keyframe: false, 1_600_000);
        Assert.True(Process(selector, 0, keyframe: false, 2_150_000).HasFlag(SimulcastDecision.KeyframeNeeded));
        Process(selector, 2, keyframe: false, 2_150_000);
        Assert.False(Process(selector, 0, keyframe: false, 2_200_000).HasFlag(SimulcastDecision.KeyframeNeeded));
        Assert.True(Process(selector, 0, keyframe: true, 2_300_000).HasFlag(SimulcastDecision.SubstreamChanged));
        // Nothing more is asked once the target is reached.
        Assert.False(Process(selector, 0, keyframe: false, 5_000_000).HasFlag(SimulcastDecision.KeyframeNeeded));
    }

    [Fact]
    public void A_receiver_that_never_got_a_keyframe_asks_for_one_every_second()
    {
        var selector = new SimulcastSelector();
        Assert.Equal(SimulcastDecision.Drop, Process(selector, 1, keyframe: false, 1_000_000));
        Assert.Equal(SimulcastDecision.Drop, Process(selector, 1, keyframe: false, 1_500_000));
        Assert.Equal(SimulcastDecision.KeyframeNeeded, Process(selector, 1, keyframe: false, 2_000_000));
    }

    [Fact]
    public void A_reset_waits_for_a_keyframe_again()
    {
        var selector = new SimulcastSelector();
        Process(selector, 1, keyframe: true, 1000);
        selector.Reset();
        Assert.Equal(-1, selector.Substream);
        Assert.Equal(SimulcastDecision.Drop, Process(selector, 1, keyframe: false, 2000));
    }
}
