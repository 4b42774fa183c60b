using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Janus.Core.Plugins;
using Janus.Media.Recording;
using Janus.Media.Tests.Relay;

namespace Janus.Media.Tests.Recording;

public sealed class MjrRecorderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mjr-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static byte[] Rtp(uint ssrc, ushort seq, uint timestamp, byte payloadType = 111, int payload = 20)
    {
        var packet = new byte[12 + payload];
        packet[0] = 0x80;
        packet[1] = payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        packet.AsSpan(12).Fill(0xAB);
        return packet;
    }

    // Reads a .mjr file the way janus-pp-rec does: tag, JSON info, then MEET frames.
    private static (JsonObject Info, List<(uint Ms, byte[] Data)> Frames) Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal("MJR00002", Encoding.ASCII.GetString(bytes, 0, 8));
        int infoLength = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(8));
        var info = (JsonObject)JsonNode.Parse(Encoding.UTF8.GetString(bytes, 10, infoLength))!;
        var frames = new List<(uint, byte[])>();
        int offset = 10 + infoLength;
        while (offset < bytes.Length)
        {
            Assert.Equal("MEET", Encoding.ASCII.GetString(bytes, offset, 4));
            uint ms = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + 4));
            int length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(offset + 8));
            frames.Add((ms, bytes.AsSpan(offset + 10, length).ToArray()));
            offset += 10 + length;
        }
        Assert.Equal(bytes.Length, offset);
        return (info, frames);
    }

    [Fact]
    public void An_audio_recording_has_janus_header_and_one_frame_per_packet()
    {
        using (var recorder = MjrRecorder.Create(_folder, "opus", null, "call-audio"))
        {
            recorder.SaveRtp(Rtp(0x1234, 10, 960));
            recorder.SaveRtp(Rtp(0x1234, 11, 1920));
            Assert.Equal(Path.Combine(_folder, "call-audio.mjr"), recorder.FilePath);
        }
        var (info, frames) = Read(Path.Combine(_folder, "call-audio.mjr"));
        Assert.Equal("a", info["t"]!.GetValue<string>());
        Assert.Equal("opus", info["c"]!.GetValue<string>());
        long created = info["s"]!.GetValue<long>();
        long first = info["u"]!.GetValue<long>();
        Assert.InRange(first - created, 0, 10_000_000);
        Assert.InRange(created, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds() * 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
        Assert.Equal(2, frames.Count);
        Assert.Equal(0u, frames[0].Ms);
        Assert.Equal(Rtp(0x1234, 10, 960), frames[0].Data);
        Assert.Equal(Rtp(0x1234, 11, 1920), frames[1].Data);
    }

    [Fact]
    public void A_video_recording_stays_one_stream_when_the_source_ssrc_changes()
    {
        string path;
        using (var recorder = MjrRecorder.Create(_folder, "VP8", "max-fs=12288", "cam-video"))
        {
            recorder.SaveRtp(Rtp(1, 100, 9000, 96));
            recorder.SaveRtp(Rtp(1, 101, 9000, 96));
            recorder.SaveRtp(Rtp(2, 5000, 700000, 96));
            path = recorder.FilePath;
        }
        var (info, frames) = Read(path);
        Assert.Equal("v", info["t"]!.GetValue<string>());
        Assert.Equal("vp8", info["c"]!.GetValue<string>());
        Assert.Equal("max-fs=12288", info["f"]!.GetValue<string>());
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(frames[2].Data.AsSpan(8)));
        Assert.Equal(102, BinaryPrimitives.ReadUInt16BigEndian(frames[2].Data.AsSpan(2)));
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(frames[2].Data.AsSpan(4)) > 9000);
    }

    [Fact]
    public void A_data_recording_prefixes_each_message_with_its_real_time()
    {
        string path;
        using (var recorder = MjrRecorder.Create(_folder, "text", null, "chat-data"))
        {
            recorder.SaveData("hello"u8);
            recorder.SaveRtp(Rtp(1, 1, 1));
            path = recorder.FilePath;
        }
        var (info, frames) = Read(path);
        Assert.Equal("d", info["t"]!.GetValue<string>());
        Assert.Equal("text", info["c"]!.GetValue<string>());
        var frame = Assert.Single(frames);
        long when = BinaryPrimitives.ReadInt64BigEndian(frame.Data);
        Assert.InRange(when, info["s"]!.GetValue<long>(), info["s"]!.GetValue<long>() + 10_000_000);
        Assert.Equal("hello", Encoding.UTF8.GetString(frame.Data, 8, frame.Data.Length - 8));
    }

    [Fact]
    public void Nothing_is_written_after_close_and_an_unused_recording_holds_only_the_tag()
    {
        var recorder = MjrRecorder.Create(_folder, "opus", null, "silent");
        recorder.Close();
        recorder.SaveRtp(Rtp(1, 1, 1));
        Assert.Equal("MJR00002"u8.ToArray(), File.ReadAllBytes(recorder.FilePath));
    }

    [Fact]
    public void Unknown_codecs_and_folders_that_are_files_are_refused()
    {
        Assert.Contains("Unsupported codec", Assert.Throws<RecordingException>(() => MjrRecorder.Create(_folder, "speex", null, "x")).Message);
        Directory.CreateDirectory(_folder);
        string file = Path.Combine(_folder, "plain-file");
        File.WriteAllText(file, "");
        Assert.Throws<RecordingException>(() => MjrRecorder.Create(file, "opus", null, "x"));
    }

    [Fact]
    public void A_simulcast_sender_is_recorded_from_its_highest_substream_only()
    {
        using var recorders = new MediaRecorders();
        var recorder = MjrRecorder.Create(_folder, "vp8", null, "sim-video");
        Assert.True(recorders.TryAdd(recorder));
        Assert.False(recorders.TryAdd(MjrRecorder.Create(_folder, "vp8", null, "second-video")));
        foreach ((int substream, uint ssrc) in new[] { (0, 10u), (2, 30u), (1, 20u) })
        {
            byte[] packet = Vp8Packets.Build(ssrc, 1, 0, 1, 0, 0, keyframe: true);
            recorders.Record(new RtpPacket(1, true, packet, substream, VideoCodec.Vp8));
            packet = Vp8Packets.Build(ssrc, 2, 3000, 2, 0, 0, keyframe: false);
            recorders.Record(new RtpPacket(1, true, packet, substream, VideoCodec.Vp8));
        }
        Assert.Equal(recorder.FilePath, recorders.Describe()["video"]!.GetValue<string>());
        recorders.StopAll();
        Assert.False(recorders.Active);
        // The low substream started the file; once the high one had a keyframe only it was kept.
        var (_, frames) = Read(recorder.FilePath);
        Assert.Equal(4, frames.Count);
    }
}
