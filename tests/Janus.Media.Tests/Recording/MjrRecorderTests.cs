using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using Janus.Media.Recording;
using Microsoft.Extensions.Time.Testing;
using static Janus.Media.Tests.Recording.MjrFiles;

namespace Janus.Media.Tests.Recording;

/// <summary>The bytes of a .mjr file, as Janus's record.c writes them.</summary>
public sealed class MjrRecorderTests : RecordingFolderTest
{
    [Fact]
    public void An_audio_recording_is_the_tag_the_json_info_and_one_meet_frame_per_packet_byte_for_byte()
    {
        string path;
        using (var recorder = MjrRecorder.Create(Folder, "opus", null, "call-audio"))
        {
            recorder.SaveRtp(RtpOf(0x1234, 10, 960));
            recorder.SaveRtp(RtpOf(0x1234, 11, 1920));
            path = recorder.FilePath;
        }
        Assert.Equal(Path.Combine(Folder, "call-audio.mjr"), path);
        byte[] bytes = File.ReadAllBytes(path);

        Assert.Equal("MJR00002"u8.ToArray(), bytes[..8]);
        int infoLength = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(8));
        string info = Encoding.UTF8.GetString(bytes, 10, infoLength);
        // jansson's dump of {t, c, s, u}: ", " and ": " separators, keys in record.c's order.
        Match m = Regex.Match(info, "^\\{\"t\": \"a\", \"c\": \"opus\", \"s\": (\\d{16}), \"u\": (\\d{16})\\}$");
        Assert.True(m.Success, info);
        long created = long.Parse(m.Groups[1].Value), first = long.Parse(m.Groups[2].Value);
        Assert.InRange(first - created, 0, 5_000_000);
        long nowUs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;
        Assert.InRange(created, nowUs - 60_000_000, nowUs);

        // Frames: "MEET", ms since the first packet (32 bits), length (16 bits), then the packet renumbered from
        // sequence 1 and timestamp 0 as Janus's switching context does; payload and SSRC untouched.
        byte[] expected1 = RtpOf(0x1234, 1, 0), expected2 = RtpOf(0x1234, 2, 960);
        int offset = 10 + infoLength;
        Assert.Equal(offset + 2 * (10 + 32), bytes.Length);
        Assert.Equal("MEET"u8.ToArray(), bytes[offset..(offset + 4)]);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + 4)));
        Assert.Equal(32, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(offset + 8)));
        Assert.Equal(expected1, bytes[(offset + 10)..(offset + 42)]);
        offset += 42;
        Assert.Equal("MEET"u8.ToArray(), bytes[offset..(offset + 4)]);
        Assert.InRange(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + 4)), 0u, 5000u);
        Assert.Equal(32, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(offset + 8)));
        Assert.Equal(expected2, bytes[(offset + 10)..]);
    }

    [Fact]
    public void The_caller_packet_is_left_as_it_was()
    {
        byte[] packet = RtpOf(7, 500, 123456);
        byte[] copy = (byte[])packet.Clone();
        using var recorder = MjrRecorder.Create(Folder, "opus", null, "untouched");
        recorder.SaveRtp(packet);
        Assert.Equal(copy, packet);
    }

    [Fact]
    public void A_video_recording_carries_its_codec_as_given_and_its_fmtp()
    {
        string path;
        using (var recorder = MjrRecorder.Create(Folder, "VP9", "profile-id=2", "cam-video"))
        {
            recorder.SaveRtp(RtpOf(1, 100, 9000, 98));
            path = recorder.FilePath;
        }
        var (text, info, frames) = Read(path);
        Assert.Matches("^\\{\"t\": \"v\", \"c\": \"VP9\", \"f\": \"profile-id=2\", \"s\": \\d+, \"u\": \\d+\\}$", text);
        Assert.Equal("v", info["t"]!.GetValue<string>());
        Assert.Single(frames);
    }

    [Fact]
    public void An_encrypted_recording_says_so_in_its_header_and_the_flag_is_fixed_once_the_header_is_out()
    {
        string path;
        using (var recorder = MjrRecorder.Create(Folder, "vp8", null, "e2ee-video"))
        {
            recorder.Encrypted = true;
            recorder.SaveRtp(RtpOf(1, 1, 1, 96));
            Assert.Throws<InvalidOperationException>(() => recorder.Encrypted = false);
            path = recorder.FilePath;
        }
        var (text, _, _) = Read(path);
        Assert.Matches("^\\{\"t\": \"v\", \"c\": \"vp8\", \"s\": \\d+, \"u\": \\d+, \"e\": true\\}$", text);
    }

    [Fact]
    public void Json_strings_are_escaped_as_jansson_escapes_them()
    {
        string path;
        using (var recorder = MjrRecorder.Create(Folder, "h264", "a\"b\\c/d\te\u0001", "escaped"))
        {
            recorder.SaveRtp(RtpOf(1, 1, 1, 102));
            path = recorder.FilePath;
        }
        var (text, info, _) = Read(path);
        Assert.Contains("\"f\": \"a\\\"b\\\\c/d\\te\\u0001\"", text);
        Assert.Equal("a\"b\\c/d\te\u0001", info["f"]!.GetValue<string>());
    }

    [Fact]
    public void The_stream_stays_continuous_with_one_ssrc_when_the_source_changes()
    {
        string path;
        var clock = new FakeTimeProvider();
        using (var recorder = MjrRecorder.Create(Folder, "vp8", null, "switch-video", time: clock))
        {
            recorder.SaveRtp(RtpOf(1, 100, 9000, 96));
            recorder.SaveRtp(RtpOf(1, 101, 12000, 96));
            clock.Advance(TimeSpan.FromMilliseconds(20));
            recorder.SaveRtp(RtpOf(2, 5000, 700000, 96));
            recorder.SaveRtp(RtpOf(2, 5001, 703000, 96));
            path = recorder.FilePath;
        }
        var (_, _, frames) = Read(path);
        Assert.Equal([1, 2, 3, 4], frames.Select(f => (int)Seq(f.Data)));
        Assert.All(frames, f => Assert.Equal(1u, Ssrc(f.Data)));
        Assert.Equal([0u, 3000u], frames.Take(2).Select(f => Timestamp(f.Data)));
        // The new source starts after the old one's last timestamp by the time that passed (20 ms at 90 kHz).
        Assert.Equal(1800u, Timestamp(frames[2].Data) - 3000);
        Assert.Equal(3000u, Timestamp(frames[3].Data) - Timestamp(frames[2].Data));
        Assert.Equal(20u, frames[2].Ms);
    }

    [Fact]
    public void Sequence_numbers_wrap_as_sixteen_bit_numbers()
    {
        string path;
        using (var recorder = MjrRecorder.Create(Folder, "opus", null, "wrap"))
        {
            recorder.SaveRtp(RtpOf(9, 65535, uint.MaxValue));
            recorder.SaveRtp(RtpOf(9, 0, 959));
            path = recorder.FilePath;
        }
        var (_, _, frames) = Read(path);
        Assert.Equal([1, 2], frames.Select(f => (int)Seq(f.Data)));
        Assert.Equal([0u, 960u], frames.Select(f => Timestamp(f.Data)));
    }

    [Fact]
    public void A_data_recording_prefixes_each_message_with_its_real_time_and_ignores_rtp()
    {
        string path;
        using (var recorder = MjrRecorder.Create(Folder, "text", null, "chat-data"))
        {
            recorder.SaveData("hello"u8);
            recorder.SaveRtp(RtpOf(1, 1, 1));
            recorder.SaveData(""u8);
            recorder.SaveData("wörld"u8);
            path = recorder.FilePath;
        }
        var (text, info, frames) = Read(path);
        Assert.Matches("^\\{\"t\": \"d\", \"c\": \"text\", \"s\": \\d+, \"u\": \\d+\\}$", text);
        Assert.Equal(2, frames.Count);
        long created = info["s"]!.GetValue<long>();
        foreach (var (frame, message) in frames.Select(f => f.Data).Zip(["hello", "wörld"]))
        {
            // The frame length counts the 8-byte time too, as record.c writes it.
            Assert.Equal(8 + Encoding.UTF8.GetByteCount(message), frame.Length);
            Assert.InRange(BinaryPrimitives.ReadInt64BigEndian(frame), created, created + 10_000_000);
            Assert.Equal(message, Encoding.UTF8.GetString(frame, 8, frame.Length - 8));
        }
    }

    [Fact]
    public void Binary_data_is_a_data_recording_and_audio_ignores_data()
    {
        using (var binary = MjrRecorder.Create(Folder, "binary", null, "bin-data"))
        {
            Assert.Equal(RecordingKind.Data, binary.Kind);
            binary.SaveData([0, 1, 2]);
            Assert.Equal(1, binary.Frames);
        }
        using var audio = MjrRecorder.Create(Folder, "pcmu", null, "phone");
        audio.SaveData("x"u8);
        Assert.Equal(0, audio.Frames);
    }

    [Fact]
    public void A_closed_recording_is_complete_on_disk_and_takes_nothing_more()
    {
        const int packets = 3000; // about 190 KB: several times the write buffer
        var recorder = MjrRecorder.Create(Folder, "opus", null, "long");
        for (int i = 0; i < packets; i++)
        {
            recorder.SaveRtp(RtpOf(5, (ushort)i, (uint)(i * 960), payload: 40));
        }
        recorder.Close();
        recorder.SaveRtp(RtpOf(5, 1, 1));
        recorder.Close();
        Assert.True(recorder.IsClosed);
        Assert.Equal(packets, recorder.Frames);

        var (text, _, frames) = Read(recorder.FilePath);
        Assert.Equal(8 + 2 + Encoding.UTF8.GetByteCount(text) + packets * (10 + 52), new FileInfo(recorder.FilePath).Length);
        Assert.Equal(packets, frames.Count);
        Assert.Equal(packets, Seq(frames[^1].Data));
    }

    [Fact]
    public void An_unused_recording_holds_only_the_tag()
    {
        var recorder = MjrRecorder.Create(Folder, "opus", null, "silent");
        recorder.Close();
        recorder.SaveRtp(RtpOf(1, 1, 1));
        Assert.Equal("MJR00002"u8.ToArray(), File.ReadAllBytes(recorder.FilePath));
    }

    [Fact]
    public void Recording_a_packet_allocates_nothing()
    {
        using var recorder = MjrRecorder.Create(Folder, "vp8", null, "alloc-video");
        using var data = MjrRecorder.Create(Folder, "text", null, "alloc-data");
        byte[] packet = RtpOf(3, 1, 1, 96, payload: 1100);
        ushort seq = 0;
        long allocated = SteadyStateAllocations(() =>
        {
            for (int i = 0; i < 500; i++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq++);
                recorder.SaveRtp(packet);
                data.SaveData(packet.AsSpan(12, 100));
            }
        });
        Assert.Equal(0, allocated);
    }

    // Bytes one more round allocates once rounds stop allocating (JIT tiering may allocate in the first rounds).
    private static long SteadyStateAllocations(Action round)
    {
        for (int i = 0; i < 10; i++)
        {
            long start = GC.GetAllocatedBytesForCurrentThread();
            round();
            if (GC.GetAllocatedBytesForCurrentThread() == start)
            {
                break;
            }
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        round();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
