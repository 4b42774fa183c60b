using Janus.Core.Plugins;
using Janus.Media.Recording;
using Janus.Media.Relay;
using Janus.Media.Rtp;
using Janus.Media.Rtp.Codecs;
using Janus.Media.Tests.Relay;
using static Janus.Media.Tests.Recording.MjrFiles;

namespace Janus.Media.Tests.Recording;

/// <summary>One handle's recordings: one per medium, fed from the packet path.</summary>
public sealed class MediaRecordersTests : RecordingFolderTest
{
    [Fact]
    public void A_simulcast_sender_is_recorded_from_its_highest_substream_only()
    {
        // The relay node picks what to record of a simulcasting peer, as it picks what each recipient gets.
        using var graph = new RelayGraph(ticks: false);
        RelayNode node = graph.AddNode(new PluginHandle(1, 1, null));
        MediaRecorders recorders = node.Recorders;
        var recorder = MjrRecorder.Create(Folder, "vp8", null, "sim-video");
        Assert.True(recorders.TryAdd(recorder));
        var second = MjrRecorder.Create(Folder, "vp8", null, "second-video");
        Assert.False(recorders.TryAdd(second));
        second.Close();
        foreach ((int substream, uint ssrc) in new[] { (0, 10u), (2, 30u), (1, 20u) })
        {
            byte[] packet = Vp8Packets.Build(ssrc, 1, 0, 1, 0, 0, keyframe: true);
            node.Record(packet, true, substream, RtpVideoCodec.Vp8, FrameLayers.Unknown);
            packet = Vp8Packets.Build(ssrc, 2, 3000, 2, 0, 0, keyframe: false);
            node.Record(packet, true, substream, RtpVideoCodec.Vp8, FrameLayers.Unknown);
        }
        Assert.Equal(recorder.FilePath, recorders.Describe()["video"]!.GetValue<string>());
        recorders.StopAll();
        Assert.False(recorders.Active);
        Assert.True(recorder.IsClosed);
        // The low substream started the file; once the high one had a keyframe only it was kept, as one stream.
        var (_, _, frames) = Read(recorder.FilePath);
        Assert.Equal(4, frames.Count);
        Assert.Equal([1, 2, 3, 4], frames.Select(f => (int)Seq(f.Data)));
        Assert.All(frames, f => Assert.Equal(Ssrc(frames[0].Data), Ssrc(f.Data)));
    }

    [Fact]
    public void Audio_video_and_data_go_to_their_own_recordings_and_stop_one_at_a_time()
    {
        using var recorders = new MediaRecorders();
        var audio = MjrRecorder.Create(Folder, "opus", null, "a");
        var video = MjrRecorder.Create(Folder, "vp8", null, "v");
        var data = MjrRecorder.Create(Folder, "text", null, "d");
        Assert.True(recorders.TryAdd(audio) && recorders.TryAdd(video) && recorders.TryAdd(data));
        recorders.RecordRtp(false, RtpOf(1, 1, 1));
        recorders.RecordRtp(true, RtpOf(2, 1, 1, 96));
        recorders.RecordRtp(true, RtpOf(2, 2, 1, 96));
        recorders.RecordData("hi"u8);
        Assert.Equal((1, 2, 1), (audio.Frames, video.Frames, data.Frames));

        recorders.Stop(RecordingKind.Audio);
        Assert.True(audio.IsClosed);
        Assert.Null(recorders.Audio);
        recorders.RecordRtp(false, RtpOf(1, 2, 2));
        Assert.Equal(1, audio.Frames);
        Assert.True(recorders.Active);
        recorders.Dispose();
        Assert.True(video.IsClosed && data.IsClosed);
    }
}
