using System.Text;
using Janus.Media.Rtp.Rtcp;

namespace Janus.Media.Tests.Rtp.Rtcp;

public sealed class RtcpSdesByeTests
{
    [Fact]
    public void FindsTheCnameOfABrowserSdes()
    {
        byte[] data = RtcpCompoundTests.Hex(RtcpCompoundTests.ReceiverReportAndSdes);
        Assert.True(RtcpPacketView.TryRead(data, out _, out int rrLength));
        Assert.True(RtcpSdes.TryGetCname(data.AsSpan(rrLength), out uint ssrc, out var cname));
        Assert.Equal(0xDEADBEEFu, ssrc);
        Assert.Equal("abcdefghijklmnop", Encoding.ASCII.GetString(cname));
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("janus")]
    [InlineData("0123456789abcdef0123")]
    public void CnameRoundTrips(string text)
    {
        var buffer = new byte[64];
        int length = RtcpSdes.WriteCname(buffer, 0x01020304, Encoding.ASCII.GetBytes(text));
        Assert.Equal(0, length % 4);
        Assert.True(RtcpCompoundEnumerator.IsWellFormed(buffer.AsSpan(0, length)));
        Assert.True(RtcpSdes.TryGetCname(buffer.AsSpan(0, length), out uint ssrc, out var cname));
        Assert.Equal(0x01020304u, ssrc);
        Assert.Equal(text, Encoding.ASCII.GetString(cname));
    }

    [Fact]
    public void FindsACnameAfterOtherItemsAndChunks()
    {
        // Chunk 1: SSRC 1 with a NAME item only; chunk 2: SSRC 2 with TOOL then CNAME "ab".
        byte[] data = RtcpCompoundTests.Hex("82CA0005 00000001 02017800 00000002 06017901 02616200");
        Assert.True(RtcpSdes.TryGetCname(data, out uint ssrc, out var cname));
        Assert.Equal(2u, ssrc);
        Assert.Equal("ab", Encoding.ASCII.GetString(cname));
    }

    [Fact]
    public void TruncatedSdesItemsAreRefused()
    {
        Assert.False(RtcpSdes.TryGetCname(RtcpCompoundTests.Hex("81CA0002 00000001 01FF6162"), out _, out _));
        Assert.False(RtcpSdes.TryGetCname(RtcpCompoundTests.Hex("83CA0001 00000001"), out _, out _));
        Assert.Equal(0, RtcpSdes.WriteCname(new byte[10], 1, "abc"u8));
    }

    [Fact]
    public void ByeRoundTripsWithAndWithoutReason()
    {
        var buffer = new byte[64];
        int length = RtcpBye.Write(buffer, [10u, 20u], "bye now"u8);
        Assert.Equal(20, length);
        Assert.True(RtcpBye.TryParse(buffer.AsSpan(0, length), out var ssrcs, out var reason));
        Assert.Equal(2, ssrcs.Length / 4);
        Assert.Equal(10u, RtcpBye.GetSsrc(ssrcs, 0));
        Assert.Equal(20u, RtcpBye.GetSsrc(ssrcs, 1));
        Assert.Equal("bye now", Encoding.ASCII.GetString(reason));

        length = RtcpBye.Write(buffer, [30u]);
        Assert.Equal(8, length);
        Assert.True(RtcpBye.TryParse(buffer.AsSpan(0, length), out ssrcs, out reason));
        Assert.Equal(30u, RtcpBye.GetSsrc(ssrcs, 0));
        Assert.True(reason.IsEmpty);
    }

    [Fact]
    public void ByeWithMoreSourcesThanBytesIsRefused()
        => Assert.False(RtcpBye.TryParse(RtcpCompoundTests.Hex("83CB0001 00000001"), out _, out _));
}
