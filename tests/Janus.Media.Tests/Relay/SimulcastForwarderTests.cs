using Janus.Media.Rtp;
using System.Buffers.Binary;
using Janus.Media.Relay;
using Janus.Media.Rtp.Codecs;

namespace Janus.Media.Tests.Relay;

public sealed class SimulcastForwarderTests
{
    private readonly byte[] _output = new byte[1500];

    private (SimulcastDecision Decision, ushort Seq, int PictureId, int Tl0) Forward(SimulcastForwarder forwarder, byte[] packet, int substream)
    {
        SimulcastDecision decision = forwarder.Forward(packet, substream, RtpVideoCodec.Vp8, _output, out int length);
        if ((decision & SimulcastDecision.Relay) == 0)
        {
            return (decision, 0, -1, -1);
        }
        Assert.Equal(packet.Length, length);
        Span<byte> payload = _output.AsSpan(12, length - 12);
        Assert.True(Vp8Descriptor.TryParse(payload, out Vp8Descriptor vp8));
        return (decision, BinaryPrimitives.ReadUInt16BigEndian(_output.AsSpan(2)), vp8.ReadPictureId(payload), payload[vp8.Tl0PicIdxOffset]);
    }

    [Fact]
    public void Dropped_temporal_layers_leave_no_gap_in_the_sequence_numbers()
    {
        var forwarder = new SimulcastForwarder { TargetSubstream = 0, TargetTemporalLayer = 0 };
        Assert.Equal((ushort)100, Forward(forwarder, Vp8Packets.Build(10, 100, 0, 1, 0, 0, keyframe: true), 0).Seq);
        Assert.Equal(SimulcastDecision.TemporalDrop, Forward(forwarder, Vp8Packets.Build(10, 101, 0, 2, 0, 2, false), 0).Decision);
        Assert.Equal(SimulcastDecision.TemporalDrop, Forward(forwarder, Vp8Packets.Build(10, 102, 0, 3, 0, 1, false), 0).Decision);
        Assert.Equal((ushort)101, Forward(forwarder, Vp8Packets.Build(10, 103, 0, 4, 1, 0, false), 0).Seq);
        Assert.Equal((ushort)102, Forward(forwarder, Vp8Packets.Build(10, 104, 0, 4, 1, 0, false), 0).Seq);
    }

    [Fact]
    public void Vp8_picture_ids_and_tl0picidx_continue_across_a_switch()
    {
        var forwarder = new SimulcastForwarder { TargetSubstream = 0 };
        var first = Forward(forwarder, Vp8Packets.Build(10, 500, 0, pictureId: 1000, tl0PicIdx: 20, 0, keyframe: true), 0);
        var second = Forward(forwarder, Vp8Packets.Build(10, 501, 0, pictureId: 1001, tl0PicIdx: 21, 0, keyframe: false), 0);
        Assert.Equal(first.PictureId + 1, second.PictureId);
        Assert.Equal((first.Tl0 + 1) & 0xFF, second.Tl0);

        forwarder.TargetSubstream = 2;
        var switched = Forward(forwarder, Vp8Packets.Build(30, 9000, 0, pictureId: 20000, tl0PicIdx: 200, 0, keyframe: true), 2);
        Assert.True(switched.Decision.HasFlag(SimulcastDecision.SubstreamChanged));
        Assert.Equal(second.PictureId + 1, switched.PictureId);
        Assert.Equal((second.Tl0 + 1) & 0xFF, switched.Tl0);
        var next = Forward(forwarder, Vp8Packets.Build(30, 9001, 0, pictureId: 20001, tl0PicIdx: 201, 0, keyframe: false), 2);
        Assert.Equal(switched.PictureId + 1, next.PictureId);
        // Sequence numbers are the source's own: the receiver's PeerConnection re-bases them on the SSRC change.
        Assert.Equal((ushort)9001, next.Seq);
    }

    [Fact]
    public void A_source_whose_picture_ids_wrap_keeps_counting_up()
    {
        var forwarder = new SimulcastForwarder { TargetSubstream = 0 };
        int start = Forward(forwarder, Vp8Packets.Build(10, 1, 0, pictureId: 0x7FFE, tl0PicIdx: 255, 0, keyframe: true), 0).PictureId;
        Assert.Equal(start + 1, Forward(forwarder, Vp8Packets.Build(10, 2, 0, 0x7FFF, 255, 0, false), 0).PictureId);
        var wrapped = Forward(forwarder, Vp8Packets.Build(10, 3, 0, 0, 0, 0, false), 0);
        Assert.Equal(start + 2, wrapped.PictureId);
    }

    [Fact]
    public void The_source_packet_is_never_modified()
    {
        var forwarder = new SimulcastForwarder { TargetSubstream = 0, TargetTemporalLayer = 0 };
        byte[] key = Vp8Packets.Build(10, 100, 0, 1, 0, 0, keyframe: true);
        Forward(forwarder, key, 0);
        Forward(forwarder, Vp8Packets.Build(10, 101, 0, 2, 0, 1, false), 0);
        byte[] packet = Vp8Packets.Build(10, 102, 0, 3, 1, 0, false);
        byte[] copy = packet.ToArray();
        Forward(forwarder, packet, 0);
        Assert.Equal(copy, packet);
    }

    [Fact]
    public void Packets_that_are_not_rtp_or_not_simulcast_are_dropped()
    {
        var forwarder = new SimulcastForwarder();
        Assert.Equal(SimulcastDecision.Drop, forwarder.Forward(new byte[5], 0, RtpVideoCodec.Vp8, _output, out _));
        Assert.Equal(SimulcastDecision.Drop, forwarder.Forward(Vp8Packets.Build(1, 1, 0, 1, 0, 0, true), -1, RtpVideoCodec.Vp8, _output, out _));
        Assert.Equal(SimulcastDecision.Drop, forwarder.Forward(Vp8Packets.Build(1, 1, 0, 1, 0, 0, true), 0, RtpVideoCodec.Vp8, new byte[10], out _));
    }
}
