using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace Janus.Media.Tests.Recording;

/// <summary>Test helpers: RTP packets, and a .mjr reader that follows janus-pp-rec (tag, JSON info, MEET frames).</summary>
internal static class MjrFiles
{
    public static byte[] RtpOf(uint ssrc, ushort seq, uint timestamp, byte payloadType = 111, int payload = 20)
    {
        var packet = new byte[12 + payload];
        packet[0] = 0x80;
        packet[1] = payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (int i = 12; i < packet.Length; i++)
        {
            packet[i] = (byte)i;
        }
        return packet;
    }

    public static ushort Seq(byte[] rtp) => BinaryPrimitives.ReadUInt16BigEndian(rtp.AsSpan(2));
    public static uint Timestamp(byte[] rtp) => BinaryPrimitives.ReadUInt32BigEndian(rtp.AsSpan(4));
    public static uint Ssrc(byte[] rtp) => BinaryPrimitives.ReadUInt32BigEndian(rtp.AsSpan(8));

    public static (string InfoText, JsonObject Info, List<(uint Ms, byte[] Data)> Frames) Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal("MJR00002", Encoding.ASCII.GetString(bytes, 0, 8));
        int infoLength = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(8));
        string text = Encoding.UTF8.GetString(bytes, 10, infoLength);
        var info = (JsonObject)JsonNode.Parse(text)!;
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
        return (text, info, frames);
    }
}

/// <summary>A folder of its own per test, removed afterwards.</summary>
public abstract class RecordingFolderTest : IDisposable
{
    protected string Folder { get; } = Path.Combine(Path.GetTempPath(), "mjr-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
        GC.SuppressFinalize(this);
    }
}
