using Janus.Media.Sctp;

namespace Janus.Media.Tests.Sctp;

public sealed class DcepMessageTests
{
    [Theory]
    [InlineData(true, null, null, 0x00)]
    [InlineData(false, null, null, 0x80)]
    [InlineData(true, 3, null, 0x01)]
    [InlineData(false, 0, null, 0x81)]
    [InlineData(true, null, 500, 0x02)]
    [InlineData(false, null, 500, 0x82)]
    public void ChannelType_FollowsOrderingAndReliability(bool ordered, int? rexmit, int? lifetime, int expected)
    {
        Assert.Equal((DcepChannelType)expected, DcepMessage.ChannelTypeFor(ordered, rexmit, lifetime));
    }

    [Fact]
    public void Open_RoundTrips()
    {
        var open = new DcepMessage.Open(DcepChannelType.PartialReliableRexmitUnordered, 256, 5, "lábel", "proto");
        byte[] bytes = DcepMessage.BuildOpen(open);
        Assert.Equal(0x03, bytes[0]);
        Assert.True(DcepMessage.TryParseOpen(bytes, out var parsed));
        Assert.Equal(open, parsed);
        Assert.False(parsed.Ordered);
        Assert.True(parsed.IsRexmit);
    }

    [Fact]
    public void Open_KnownBytesFromRfc8832Layout()
    {
        // type 3, channel type 0x00, priority 0, reliability 0, label "a" (1), protocol "" (0).
        byte[] bytes = { 0x03, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0x00, (byte)'a' };
        Assert.True(DcepMessage.TryParseOpen(bytes, out var open));
        Assert.Equal("a", open.Label);
        Assert.Equal("", open.Protocol);
        Assert.True(open.Ordered);
        Assert.Equal(bytes, DcepMessage.BuildOpen(open));
    }

    [Fact]
    public void Open_WithLengthsPastTheEnd_IsRefused()
    {
        byte[] bytes = { 0x03, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0x00, 0x05, 0x00, 0x00, (byte)'a' };
        Assert.False(DcepMessage.TryParseOpen(bytes, out _));
        Assert.False(DcepMessage.TryParseOpen(new byte[] { 0x03 }, out _));
        Assert.True(DcepMessage.IsAck(new byte[] { 0x02 }));
    }

    [Fact]
    public void ParseOpen_RandomInput_NeverThrows()
    {
        var random = new Random(99);
        for (int i = 0; i < 20_000; i++)
        {
            byte[] data = new byte[random.Next(0, 64)];
            random.NextBytes(data);
            if (data.Length > 0 && random.Next(2) == 0)
            {
                data[0] = 0x03;
            }

            DcepMessage.TryParseOpen(data, out _);
        }
    }
}
