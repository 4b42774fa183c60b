using Janus.Media.Rtp.Rtcp;

namespace Janus.Media.Tests.Rtp.Rtcp;

public sealed class TransportCcFeedbackTests
{
    private const string MixedFeedback = "AFCD0006 00000001 00000002 000A0005 00010203 D1800401 012C0002";

    [Fact]
    public void BuildsATwoBitVectorWhenALargeDeltaIsNear()
    {
        TransportCcPacketStatus[] statuses =
        [
            TransportCcPacketStatus.Arrived(10, 4),
            TransportCcPacketStatus.Lost(11),
            TransportCcPacketStatus.Arrived(12, 1),
            TransportCcPacketStatus.Arrived(13, 300),
            TransportCcPacketStatus.Lost(14),
        ];
        var buffer = new byte[64];
        int length = TransportCcFeedback.Write(buffer, 1, 2, 10, 0x000102, 3, statuses);
        Assert.Equal(RtcpCompoundTests.Hex(MixedFeedback), buffer[..length]);
    }

    [Fact]
    public void ParsesStatusesAndDeltas()
    {
        byte[] data = RtcpCompoundTests.Hex(MixedFeedback);
        Assert.True(TransportCcFeedback.TryParseHeader(data, out var header));
        Assert.Equal(new TransportCcHeader(1, 2, 10, 5, 0x102, 3), header);
        Assert.Equal(0x102 * 64_000L, header.ReferenceTimeMicroseconds);

        var statuses = new TransportCcPacketStatus[header.PacketStatusCount];
        Assert.True(TransportCcFeedback.TryParse(data, out _, statuses));
        Assert.Equal(
        [
            new(10, TransportCcSymbol.SmallDelta, 4),
            new(11, TransportCcSymbol.NotReceived, 0),
            new(12, TransportCcSymbol.SmallDelta, 1),
            new(13, TransportCcSymbol.LargeDelta, 300),
            new(14, TransportCcSymbol.NotReceived, 0),
        ], statuses);
    }

    [Fact]
    public void LongRunsUseRunLengthChunks()
    {
        var statuses = new TransportCcPacketStatus[20];
        for (int i = 0; i < statuses.Length; i++)
        {
            statuses[i] = TransportCcPacketStatus.Arrived((ushort)(65530 + i), 1);
        }

        var buffer = new byte[128];
        int length = TransportCcFeedback.Write(buffer, 1, 2, 65530, 0, 0, statuses);
        Assert.Equal(44, length);
        Assert.Equal(new byte[] { 0x20, 0x14 }, buffer[20..22]);

        var parsed = new TransportCcPacketStatus[20];
        Assert.True(TransportCcFeedback.TryParse(buffer.AsSpan(0, length), out _, parsed));
        Assert.Equal(statuses, parsed);
        Assert.Equal(3, parsed[9].SequenceNumber); // wrapped
    }

    [Fact]
    public void RunsLongerThanOneChunkAreSplit()
    {
        var statuses = new TransportCcPacketStatus[10000];
        for (int i = 0; i < statuses.Length; i++)
        {
            statuses[i] = TransportCcPacketStatus.Lost((ushort)i);
        }

        statuses[^1] = TransportCcPacketStatus.Arrived(9999, -5);
        var buffer = new byte[128];
        int length = TransportCcFeedback.Write(buffer, 1, 2, 0, 0, 0, statuses);
        Assert.Equal(new byte[] { 0x1F, 0xFF }, buffer[20..22]);
        var parsed = new TransportCcPacketStatus[10000];
        Assert.True(TransportCcFeedback.TryParse(buffer.AsSpan(0, length), out _, parsed));
        Assert.Equal(statuses, parsed);
    }

    [Fact]
    public void RandomFeedbacksRoundTrip()
    {
        var random = new Random(15);
        var buffer = new byte[8192];
        for (int round = 0; round < 300; round++)
        {
            int count = random.Next(1, 600);
            ushort baseSeq = (ushort)random.Next(65536);
            var statuses = new TransportCcPacketStatus[count];
            for (int i = 0; i < count; i++)
            {
                ushort seq = (ushort)(baseSeq + i);
                statuses[i] = random.Next(4) switch
                {
                    0 => TransportCcPacketStatus.Lost(seq),
                    1 => TransportCcPacketStatus.Arrived(seq, random.Next(-32768, 32768)),
                    _ => TransportCcPacketStatus.Arrived(seq, random.Next(0, 256)),
                };
                if (i > 0 && random.Next(3) == 0)
                {
                    statuses[i] = statuses[i - 1] with { SequenceNumber = seq };
                }
            }

            int length = TransportCcFeedback.Write(buffer, 1, 2, baseSeq, (uint)random.Next(1 << 24), (byte)round, statuses);
            Assert.True(length > 0);
            Assert.Equal(0, length % 4);
            Assert.True(RtcpCompoundEnumerator.IsWellFormed(buffer.AsSpan(0, length)));
            var parsed = new TransportCcPacketStatus[count];
            Assert.True(TransportCcFeedback.TryParse(buffer.AsSpan(0, length), out var header, parsed));
            Assert.Equal(count, header.PacketStatusCount);
            Assert.Equal(statuses, parsed);
        }
    }

    [Fact]
    public void DeltasBeyondSixteenBitsAreRefused()
    {
        var buffer = new byte[64];
        Assert.Equal(0, TransportCcFeedback.Write(buffer, 1, 2, 0, 0, 0, [TransportCcPacketStatus.Arrived(0, 40000)]));
        Assert.Equal(0, TransportCcFeedback.Write(buffer, 1, 2, 0, 0, 0, []));
        Assert.Equal(0, TransportCcFeedback.Write(new byte[21], 1, 2, 0, 0, 0, [TransportCcPacketStatus.Arrived(0, 1)]));
    }

    [Theory]
    [InlineData("8FCD0004 00000001 00000002 000A0005 00010203")] // no chunks
    [InlineData("8FCD0005 00000001 00000002 000A0005 00010203 D1800000")] // deltas missing
    [InlineData("8FCD0005 00000001 00000002 000A0001 00010203 60010000")] // reserved symbol 3 in a run
    [InlineData("8FCD0005 00000001 00000002 000A0002 00010203 F0000000")] // reserved symbol in a 2-bit vector
    public void MalformedFeedbacksAreRefused(string hex)
    {
        byte[] data = RtcpCompoundTests.Hex(hex);
        var statuses = new TransportCcPacketStatus[16];
        Assert.False(TransportCcFeedback.TryParse(data, out _, statuses));
    }

    [Fact]
    public void TooSmallAStatusArrayIsRefused()
    {
        var statuses = new TransportCcPacketStatus[4];
        Assert.False(TransportCcFeedback.TryParse(RtcpCompoundTests.Hex(MixedFeedback), out _, statuses));
    }
}
