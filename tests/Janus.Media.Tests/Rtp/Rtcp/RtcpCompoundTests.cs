using Janus.Media.Rtp.Rtcp;

namespace Janus.Media.Tests.Rtp.Rtcp;

public sealed class RtcpCompoundTests
{
    internal static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    // A browser-style compound: RR with one report block, then SDES with a 16-character CNAME.
    internal const string ReceiverReportAndSdes =
        "81C90007 DEADBEEF" +
        "11223344 05000102 00012345 00000020 ABCD1234 00000800" +
        "81CA0006 DEADBEEF 0110" + "6162636465666768696A6B6C6D6E6F70" + "0000";

    [Fact]
    public void IteratesEveryPacketOfACompound()
    {
        var enumerator = new RtcpCompoundEnumerator(Hex(ReceiverReportAndSdes));
        var types = new List<byte>();
        foreach (var packet in enumerator)
        {
            types.Add(packet.PacketType);
            Assert.Equal(0xDEADBEEFu, packet.SenderSsrc);
        }

        Assert.Equal(new byte[] { RtcpPacketType.ReceiverReport, RtcpPacketType.SourceDescription }, types);
        Assert.True(RtcpCompoundEnumerator.IsWellFormed(Hex(ReceiverReportAndSdes)));
    }

    [Fact]
    public void StopsAtAMalformedPacketAndSaysSo()
    {
        byte[] data = Hex(ReceiverReportAndSdes);
        data[35] = 0x09; // SDES claims 10 words
        var enumerator = new RtcpCompoundEnumerator(data);
        Assert.True(enumerator.MoveNext());
        Assert.Equal(RtcpPacketType.ReceiverReport, enumerator.Current.PacketType);
        Assert.False(enumerator.MoveNext());
        Assert.True(enumerator.IsMalformed);
        Assert.False(RtcpCompoundEnumerator.IsWellFormed(data));
    }

    [Theory]
    [InlineData("")]
    [InlineData("81C9")]
    [InlineData("41C90001 DEADBEEF")] // version 1
    [InlineData("81C90002 DEADBEEF")] // length past the end
    [InlineData("A1C90001 DEADBE00")] // padding count 0 in the last byte
    [InlineData("A1C90001 DEADBE09")] // padding longer than the packet body
    public void RefusesMalformedHeaders(string hex) => Assert.False(RtcpCompoundEnumerator.IsWellFormed(Hex(hex)));

    [Fact]
    public void PaddingIsExcludedFromTheBody()
    {
        Assert.True(RtcpPacketView.TryRead(Hex("A0C90002 DEADBEEF 00000004"), out var view, out int length));
        Assert.Equal(12, length);
        Assert.Equal(4, view.PaddingLength);
        Assert.Equal(4, view.Body.Length);
    }

    [Fact]
    public void RecognisesRtcpOnAMuxedPort()
    {
        Assert.True(RtcpPacketType.IsRtcp(Hex("80C8")));
        Assert.True(RtcpPacketType.IsRtcp(Hex("81CD")));
        Assert.False(RtcpPacketType.IsRtcp(Hex("806F")));
        Assert.False(RtcpPacketType.IsRtcp(Hex("80E0"))); // marker + PT 96
        Assert.False(RtcpPacketType.IsRtcp(Hex("80")));
    }
}
