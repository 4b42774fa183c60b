using Janus.Media.Rtp;

namespace Janus.Media.Tests.Rtp;

public sealed class RtpHeaderWriterTests
{
    [Fact]
    public void WrittenHeaderAndExtensionsParseBack()
    {
        var packet = new byte[64];
        int offset = RtpHeaderWriter.WriteFixedHeader(packet, 111, marker: true, 0x1234, 0x1000, 0x11223344, hasExtension: true);
        Assert.Equal(12, offset);

        var writer = new RtpOneByteExtensionWriter(packet.AsSpan(offset));
        Assert.True(writer.TryAdd(1, [0x9E]));
        Assert.True(writer.TryAdd(3, [0x01, 0x02]));
        Assert.True(writer.TryAdd(4, "0"u8));
        Assert.False(writer.TryAdd(15, [0]));
        Assert.False(writer.TryAdd(2, new byte[17]));
        int block = writer.Finish();
        Assert.Equal(12, block);
        offset += block;
        packet[offset++] = 0xAB;

        Assert.True(RtpHeaderView.TryParse(packet.AsSpan(0, offset), out var view));
        Assert.True(view.Marker);
        Assert.Equal(111, view.PayloadType);
        Assert.Equal(0x1234, view.SequenceNumber);
        Assert.Equal(1, view.PayloadLength);
        Assert.True(view.TryGetExtension(3, out var twcc));
        Assert.Equal(new byte[] { 1, 2 }, twcc.ToArray());
        Assert.True(view.TryGetExtension(4, out var mid));
        Assert.True(RtpExtensionValues.TextEquals(mid, "0"));
    }

    [Fact]
    public void WritersRefuseWhatDoesNotFit()
    {
        Assert.Equal(0, RtpHeaderWriter.WriteFixedHeader(new byte[11], 96, false, 0, 0, 0));
        Assert.Equal(0, RtpHeaderWriter.WriteFixedHeader(new byte[12], 128, false, 0, 0, 0));
        var writer = new RtpOneByteExtensionWriter(new byte[6]);
        Assert.False(writer.TryAdd(1, [1, 2]));
        Assert.True(writer.TryAdd(1, [1]));
        Assert.Equal(0, writer.Finish());
    }
}
