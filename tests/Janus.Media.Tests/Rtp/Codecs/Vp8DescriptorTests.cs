using Janus.Media.Rtp;
using Janus.Media.Rtp.Codecs;
using Janus.Media.Tests.Relay;

namespace Janus.Media.Tests.Rtp.Codecs;

public sealed class Vp8DescriptorTests
{
    [Fact]
    public void A_full_descriptor_gives_picture_id_tl0picidx_and_temporal_layer()
    {
        byte[] packet = Vp8Packets.Build(1, 1, 0, pictureId: 0x1234, tl0PicIdx: 77, temporalLayer: 2, keyframe: false);
        ReadOnlySpan<byte> payload = packet.AsSpan(12);
        Assert.True(Vp8Descriptor.TryParse(payload, out Vp8Descriptor vp8));
        Assert.Equal(0x1234, vp8.ReadPictureId(payload));
        Assert.True(vp8.LongPictureId);
        Assert.Equal(77, payload[vp8.Tl0PicIdxOffset]);
        Assert.Equal(2, vp8.TemporalLayer);
        Assert.Equal(6, vp8.Length);
        Assert.False(vp8.IsKeyframeStart(payload));
    }

    [Fact]
    public void A_keyframe_is_recognised_only_at_the_start_of_partition_zero()
    {
        byte[] key = Vp8Packets.Build(1, 1, 0, 5, 0, 0, keyframe: true);
        Assert.True(Vp8Descriptor.TryParse(key.AsSpan(12), out Vp8Descriptor vp8));
        Assert.True(vp8.IsKeyframeStart(key.AsSpan(12)));

        byte[] middle = Vp8Packets.Build(1, 2, 0, 5, 0, 0, keyframe: true, startOfFrame: false);
        Assert.True(Vp8Descriptor.TryParse(middle.AsSpan(12), out vp8));
        Assert.False(vp8.IsKeyframeStart(middle.AsSpan(12)));
    }

    [Fact]
    public void The_minimal_descriptor_has_no_ids_and_layer_zero()
    {
        byte[] payload = [0x10, 0x00, 0x00, 0x00, 0x9D, 0x01, 0x2A, 0, 0, 0];
        Assert.True(Vp8Descriptor.TryParse(payload, out Vp8Descriptor vp8));
        Assert.Equal(-1, vp8.ReadPictureId(payload));
        Assert.Equal(-1, vp8.Tl0PicIdxOffset);
        Assert.Equal(0, vp8.TemporalLayer);
        Assert.True(vp8.IsKeyframeStart(payload));
    }

    [Fact]
    public void A_seven_bit_picture_id_is_written_back_in_seven_bits()
    {
        byte[] payload = [0x90, 0x80, 0x05, 0x00, 0x00, 0x00];
        Assert.True(Vp8Descriptor.TryParse(payload, out Vp8Descriptor vp8));
        Assert.False(vp8.LongPictureId);
        vp8.WritePictureId(payload, 130);
        Assert.Equal(2, vp8.ReadPictureId(payload));
        Assert.Equal(0x02, payload[2]);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0x80, 0x80 })]
    [InlineData(new byte[] { 0x80, 0x80, 0x80 })]
    [InlineData(new byte[] { 0x80, 0x20 })]
    public void Truncated_descriptors_are_refused(byte[] payload) => Assert.False(Vp8Descriptor.TryParse(payload, out _));

    [Fact]
    public void Random_payloads_never_throw()
    {
        var random = new Random(4);
        var buffer = new byte[24];
        for (int i = 0; i < 20_000; i++)
        {
            Span<byte> payload = buffer.AsSpan(0, random.Next(buffer.Length + 1));
            random.NextBytes(payload);
            if (Vp8Descriptor.TryParse(payload, out Vp8Descriptor vp8))
            {
                Assert.InRange(vp8.Length, 1, payload.Length);
                vp8.WritePictureId(payload, vp8.ReadPictureId(payload) + 1);
                _ = vp8.IsKeyframeStart(payload);
            }
            _ = VideoKeyframes.IsKeyframe(RtpVideoCodec.H264, payload);
            _ = VideoKeyframes.IsKeyframe(RtpVideoCodec.Vp9, payload);
            _ = VideoKeyframes.IsKeyframe(RtpVideoCodec.H265, payload);
        }
    }
}
