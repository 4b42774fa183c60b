using Janus.Media.Rtp.Rtcp;

namespace Janus.Media.Tests.Rtp.Rtcp;

public sealed class RtcpReportTests
{
    [Fact]
    public void ParsesABrowserReceiverReport()
    {
        byte[] data = RtcpCompoundTests.Hex(RtcpCompoundTests.ReceiverReportAndSdes);
        Assert.True(RtcpReport.TryParse(data, out uint sender, out var info, out var blocks));
        Assert.Equal(0xDEADBEEFu, sender);
        Assert.Null(info);
        Assert.Equal(RtcpReportBlock.Length, blocks.Length);
        var block = RtcpReportBlock.Read(blocks);
        Assert.Equal(new RtcpReportBlock(0x11223344, 5, 0x102, 0x12345, 0x20, 0xABCD1234, 0x800), block);
    }

    [Fact]
    public void SenderReportRoundTrips()
    {
        var info = new RtcpSenderInfo(0xE7A1B2C3D4E5F607, 90000, 1234, 567890);
        RtcpReportBlock[] blocks =
        [
            new(1, 25, -3, 70000, 12, 0x11112222, 655),
            new(2, 0, 0x7FFFFF, 1, 0, 0, 0),
        ];
        var buffer = new byte[100];
        int length = RtcpReport.WriteSenderReport(buffer, 0xCAFE, info, blocks);
        Assert.Equal(28 + 48, length);
        Assert.True(RtcpCompoundEnumerator.IsWellFormed(buffer.AsSpan(0, length)));

        Assert.True(RtcpReport.TryParse(buffer.AsSpan(0, length), out uint sender, out var parsedInfo, out var rawBlocks));
        Assert.Equal(0xCAFEu, sender);
        Assert.Equal(info, parsedInfo);
        Assert.Equal(0xB2C3D4E5u, parsedInfo!.Value.CompactNtp);
        Assert.Equal(blocks[0], RtcpReportBlock.Read(rawBlocks));
        Assert.Equal(blocks[1], RtcpReportBlock.Read(rawBlocks[24..]));
    }

    [Fact]
    public void ReceiverReportRoundTripsAndClampsLoss()
    {
        var buffer = new byte[64];
        int length = RtcpReport.WriteReceiverReport(buffer, 7, [new RtcpReportBlock(9, 1, -10_000_000, 2, 3, 4, 5)]);
        Assert.Equal(32, length);
        Assert.True(RtcpReport.TryParse(buffer.AsSpan(0, length), out _, out var info, out var blocks));
        Assert.Null(info);
        Assert.Equal(-0x800000, RtcpReportBlock.Read(blocks).CumulativeLost);

        Assert.Equal(8, RtcpReport.WriteReceiverReport(buffer, 7, []));
    }

    [Fact]
    public void BuildersRefuseSmallDestinationsAndTooManyBlocks()
    {
        Assert.Equal(0, RtcpReport.WriteReceiverReport(new byte[31], 7, [default]));
        Assert.Equal(0, RtcpReport.WriteReceiverReport(new byte[2000], 7, new RtcpReportBlock[32]));
        Assert.Equal(0, RtcpReport.WriteSenderReport(new byte[27], 7, default, []));
    }

    [Fact]
    public void AReportCountBeyondTheLengthIsRefused()
    {
        // RR claiming 2 blocks with room for one.
        byte[] data = RtcpCompoundTests.Hex("82C90007 DEADBEEF 11223344 05000102 00012345 00000020 ABCD1234 00000800");
        Assert.False(RtcpReport.TryParse(data, out _, out _, out _));
        // Not a report at all.
        Assert.False(RtcpReport.TryParse(RtcpCompoundTests.Hex("81CA0001 DEADBEEF"), out _, out _, out _));
    }
}
