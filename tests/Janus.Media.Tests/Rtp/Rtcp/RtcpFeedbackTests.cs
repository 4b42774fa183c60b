using Janus.Media.Rtp.Rtcp;

namespace Janus.Media.Tests.Rtp.Rtcp;

public sealed class RtcpFeedbackTests
{
    [Fact]
    public void ParsesAGenericNackAndExpandsItsBitmask()
    {
        // PID 1000, BLP 0x8005: lost 1000, 1001, 1003, 1016; PID 65535, BLP 1: lost 65535, 0.
        byte[] data = RtcpCompoundTests.Hex("81CD0004 00000001 00000002 03E88005 FFFF0001");
        Assert.True(RtcpNack.TryParse(data, out uint sender, out uint media, out var pairs));
        Assert.Equal(1u, sender);
        Assert.Equal(2u, media);
        Span<ushort> lost = stackalloc ushort[40];
        int count = RtcpNack.ExpandLost(pairs, lost);
        Assert.Equal(new ushort[] { 1000, 1001, 1003, 1016, 65535, 0 }, lost[..count].ToArray());
    }

    [Fact]
    public void NackExpansionStopsWhenTheDestinationIsFull()
    {
        byte[] data = RtcpCompoundTests.Hex("81CD0003 00000001 00000002 0001FFFF");
        Assert.True(RtcpNack.TryParse(data, out _, out _, out var pairs));
        Span<ushort> lost = stackalloc ushort[5];
        Assert.Equal(5, RtcpNack.ExpandLost(pairs, lost));
        Span<ushort> all = stackalloc ushort[17];
        Assert.Equal(17, RtcpNack.ExpandLost(pairs, all));
        Assert.Equal(17, all[16]);
    }

    [Fact]
    public void NackBuilderGroupsSequenceNumbersIntoPairs()
    {
        ushort[] lost = [65530, 65531, 65535, 4, 30, 31, 100];
        var buffer = new byte[64];
        int length = RtcpNack.Write(buffer, 5, 6, lost);
        // 65530 takes 65531..65546 (wrapping to 10), so 65535 and 4 join it; then 30 (+31) and 100.
        Assert.Equal(12 + 3 * 4, length);
        Assert.Equal(length, RtcpNack.MeasureLength(lost));
        Assert.True(RtcpNack.TryParse(buffer.AsSpan(0, length), out _, out uint media, out var pairs));
        Assert.Equal(6u, media);
        Span<ushort> expanded = stackalloc ushort[64];
        int count = RtcpNack.ExpandLost(pairs, expanded);
        Assert.Equal(lost, expanded[..count].ToArray());
    }

    [Fact]
    public void NackBuildAndParseRoundTripForRandomLossPatterns()
    {
        var random = new Random(4585);
        var buffer = new byte[2048];
        Span<ushort> expanded = stackalloc ushort[600];
        for (int round = 0; round < 200; round++)
        {
            var lost = new List<ushort>();
            ushort seq = (ushort)random.Next(65536);
            int n = random.Next(1, 100);
            for (int i = 0; i < n; i++)
            {
                seq += (ushort)random.Next(1, 40);
                lost.Add(seq);
            }

            int length = RtcpNack.Write(buffer, 1, 2, lost.ToArray());
            Assert.True(length > 0);
            Assert.True(RtcpNack.TryParse(buffer.AsSpan(0, length), out _, out _, out var pairs));
            int count = RtcpNack.ExpandLost(pairs, expanded);
            Assert.Equal(lost, expanded[..count].ToArray());
        }
    }

    [Fact]
    public void NackBuilderRefusesEmptyInputAndSmallDestinations()
    {
        Assert.Equal(0, RtcpNack.Write(new byte[64], 1, 2, []));
        Assert.Equal(0, RtcpNack.Write(new byte[15], 1, 2, [1]));
        Assert.False(RtcpNack.TryParse(RtcpCompoundTests.Hex("81CD0002 00000001 00000002"), out _, out _, out _));
    }

    [Fact]
    public void PliRoundTrips()
    {
        var buffer = new byte[12];
        Assert.Equal(12, RtcpPli.Write(buffer, 0xAAAA, 0xBBBB));
        Assert.Equal(RtcpCompoundTests.Hex("81CE0002 0000AAAA 0000BBBB"), buffer);
        Assert.True(RtcpPli.TryParse(buffer, out uint sender, out uint media));
        Assert.Equal((0xAAAAu, 0xBBBBu), (sender, media));
        Assert.False(RtcpPli.TryParse(RtcpCompoundTests.Hex("84CE0002 0000AAAA 0000BBBB"), out _, out _)); // FIR fmt
        Assert.Equal(0, RtcpPli.Write(new byte[11], 1, 2));
    }

    [Fact]
    public void FirRoundTrips()
    {
        var buffer = new byte[20];
        Assert.Equal(20, RtcpFir.Write(buffer, 1, 0x12345678, 9));
        Assert.Equal(RtcpCompoundTests.Hex("84CE0004 00000001 00000000 12345678 09000000"), buffer);
        Assert.True(RtcpFir.TryParse(buffer, out uint sender, out var entries));
        Assert.Equal(1u, sender);
        Assert.Equal(1, RtcpFir.EntryCount(entries));
        Assert.Equal((0x12345678u, (byte)9), RtcpFir.ReadEntry(entries, 0));
        Assert.False(RtcpFir.TryParse(RtcpCompoundTests.Hex("84CE0002 00000001 00000000"), out _, out _));
    }

    [Fact]
    public void ParsesAChromeStyleRemb()
    {
        // REMB for two SSRCs: exp 3, mantissa 0x1E848 (125000) -> 1,000,000 bit/s.
        byte[] data = RtcpCompoundTests.Hex("8FCE0006 00000001 00000000 52454D42 020DE848 0000AAAA 0000BBBB");
        Assert.True(RtcpRemb.TryParse(data, out uint sender, out ulong bitrate, out var ssrcs));
        Assert.Equal(1u, sender);
        Assert.Equal(1_000_000ul, bitrate);
        Assert.Equal(8, ssrcs.Length);
    }

    [Theory]
    [InlineData(0ul)]
    [InlineData(64_000ul)]
    [InlineData(262_143ul)]
    [InlineData(262_144ul)]
    [InlineData(2_500_000ul)]
    [InlineData(1_000_000_000ul)]
    public void RembRoundTripsWithinMantissaPrecision(ulong bitrate)
    {
        var buffer = new byte[64];
        int length = RtcpRemb.Write(buffer, 7, bitrate, [1u, 2u, 3u]);
        Assert.Equal(32, length);
        Assert.True(RtcpRemb.TryParse(buffer.AsSpan(0, length), out _, out ulong parsed, out var ssrcs));
        Assert.Equal(12, ssrcs.Length);
        Assert.True(parsed <= bitrate && bitrate - parsed <= bitrate / 131072, $"{parsed} vs {bitrate}");
    }

    [Fact]
    public void RembWithABadIdentifierOrCountIsRefused()
    {
        Assert.False(RtcpRemb.TryParse(RtcpCompoundTests.Hex("8FCE0005 00000001 00000000 52454D43 010DE848 0000AAAA"), out _, out _, out _));
        Assert.False(RtcpRemb.TryParse(RtcpCompoundTests.Hex("8FCE0005 00000001 00000000 52454D42 050DE848 0000AAAA"), out _, out _, out _));
    }
}
