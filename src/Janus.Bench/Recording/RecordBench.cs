using System.Buffers.Binary;
using System.Diagnostics;
using Janus.Media.Recording;

namespace Janus.Bench.Recording;

/// <summary>
/// janus-bench record [SECONDS] [FOLDER]: the cost of recording on the receive thread. One thread feeds an audio
/// (160-byte Opus-sized) and a video (1100-byte) recorder as fast as it can and prints the time and bytes allocated
/// per packet, and the disk throughput the file writes reached.
/// </summary>
internal static class RecordBench
{
    public static int Run(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        string folder = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "janus-record-bench-" + Environment.ProcessId);
        var policy = new RecordingPolicy();
        using var audio = MjrRecorder.Create(folder, "opus", null, "bench-audio", policy);
        using var video = MjrRecorder.Create(folder, "vp8", null, "bench-video", policy);
        byte[] audioPacket = Packet(111, 160, 0x1111);
        byte[] videoPacket = Packet(96, 1100, 0x2222);

        // Warm up (JIT tiering), then measure.
        Feed(audio, video, audioPacket, videoPacket, 200_000);
        long packets = 0;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            Feed(audio, video, audioPacket, videoPacket, 10_000);
            packets += 20_000;
        }
        clock.Stop();
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        audio.Close();
        video.Close();
        long bytes = new FileInfo(audio.FilePath).Length + new FileInfo(video.FilePath).Length;
        Console.WriteLine($"recorded {packets} packets in {clock.Elapsed.TotalSeconds:F1} s: {clock.Elapsed.TotalMilliseconds * 1e6 / packets:F0} ns/packet wall, "
            + $"{cpu * 1e9 / packets:F0} ns/packet CPU, {(double)allocated / packets:F3} B allocated/packet, "
            + $"{bytes / clock.Elapsed.TotalSeconds / 1e6:F0} MB/s to {folder}");
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static void Feed(MjrRecorder audio, MjrRecorder video, byte[] audioPacket, byte[] videoPacket, int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(audioPacket.AsSpan(2), (ushort)i);
            BinaryPrimitives.WriteUInt16BigEndian(videoPacket.AsSpan(2), (ushort)i);
            audio.SaveRtp(audioPacket);
            video.SaveRtp(videoPacket);
        }
    }

    private static byte[] Packet(byte payloadType, int length, uint ssrc)
    {
        var packet = new byte[length];
        packet[0] = 0x80;
        packet[1] = payloadType;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        return packet;
    }
}
