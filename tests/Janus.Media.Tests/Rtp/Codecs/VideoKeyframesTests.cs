using Janus.Media.Rtp;
using Janus.Media.Rtp.Codecs;

namespace Janus.Media.Tests.Rtp.Codecs;

public sealed class VideoKeyframesTests
{
    [Theory]
    [InlineData(new byte[] { 0x67, 0x42, 0x00 }, true)]                          // SPS alone
    [InlineData(new byte[] { 0x41, 0x9A, 0x00 }, false)]                         // non-IDR slice
    [InlineData(new byte[] { 0x7C, 0x87, 0x00 }, true)]                          // FU-A starting an SPS
    [InlineData(new byte[] { 0x7C, 0x07, 0x00 }, false)]                         // FU-A continuing one
    [InlineData(new byte[] { 0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x01, 0x68 }, true)]   // STAP-A with SPS first
    [InlineData(new byte[] { 0x78, 0x00, 0x01, 0x06, 0x00, 0x02, 0x67, 0x42 }, true)]   // STAP-A with SPS second
    [InlineData(new byte[] { 0x78, 0x00, 0x01, 0x06, 0x00, 0x01, 0x41 }, false)]
    [InlineData(new byte[] { 0x78, 0xFF, 0xFF, 0x06 }, false)]                   // STAP-A whose size runs past the end
    public void H264_keyframes_are_found_by_their_sps(byte[] payload, bool keyframe) =>
        Assert.Equal(keyframe, VideoKeyframes.IsKeyframe(RtpVideoCodec.H264, payload));

    [Theory]
    [InlineData(0x08, true)]   // B set, P clear
    [InlineData(0x48, false)]  // inter-predicted
    [InlineData(0x00, false)]  // not the start of a frame
    public void Vp9_keyframes_are_starts_of_frames_without_inter_prediction(byte first, bool keyframe) =>
        Assert.Equal(keyframe, VideoKeyframes.IsKeyframe(RtpVideoCodec.Vp9, [first, 0, 0, 0]));

    [Theory]
    [InlineData(0x08, true)]   // N set, Z clear
    [InlineData(0x88, false)]  // continues an OBU
    [InlineData(0x00, false)]
    public void Av1_keyframes_start_a_coded_video_sequence(byte first, bool keyframe) =>
        Assert.Equal(keyframe, VideoKeyframes.IsKeyframe(RtpVideoCodec.Av1, [first, 0, 0]));

    [Theory]
    [InlineData(32, true)]
    [InlineData(19, true)]
    [InlineData(1, false)]
    public void H265_keyframes_carry_parameter_sets_or_irap_pictures(int nalType, bool keyframe) =>
        Assert.Equal(keyframe, VideoKeyframes.IsKeyframe(RtpVideoCodec.H265, [(byte)(nalType << 1), 1, 0]));

    [Fact]
    public void Audio_or_unknown_codecs_have_no_keyframes() =>
        Assert.False(VideoKeyframes.IsKeyframe(RtpVideoCodec.None, [0x67, 0x42, 0x00]));
}
