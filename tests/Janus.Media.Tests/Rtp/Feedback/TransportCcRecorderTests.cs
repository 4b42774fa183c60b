using Janus.Media.Rtp.Rtcp;
using Janus.Media.Rtp.Feedback;

namespace Janus.Media.Tests.Rtp.Feedback;

public sealed class TransportCcRecorderTests
{
    private static TransportCcPacketStatus[] Parse(byte[] packet, int length, out TransportCcHeader header)
    {
        Assert.True(TransportCcFeedback.TryParseHeader(packet.AsSpan(0, length), out header));
        var statuses = new TransportCcPacketStatus[header.PacketStatusCount];
        Assert.True(TransportCcFeedback.TryParse(packet.AsSpan(0, length), out header, statuses));
        return statuses;
    }

    [Fact]
    public void FeedbackListsArrivalsAndLossesWithTheirDeltas()
    {
        var recorder = new TransportCcRecorder();
        long t0 = 10_000_000; // 10 s
        recorder.Record(100, t0);
        recorder.Record(101, t0 + 1_000);
        recorder.Record(103, t0 + 5_000); // 102 lost
        var buffer = new byte[1500];
        int length = recorder.WriteFeedback(buffer, 1, 2);
        Assert.True(length > 0);
        TransportCcPacketStatus[] statuses = Parse(buffer, length, out TransportCcHeader header);
        Assert.Equal(1u, header.SenderSsrc);
        Assert.Equal(2u, header.MediaSsrc);
        Assert.Equal(100, header.BaseSequenceNumber);
        Assert.Equal(4, header.PacketStatusCount);
        Assert.Equal((uint)(t0 / 64_000), header.ReferenceTime);
        Assert.Equal(0, header.FeedbackPacketCount);
        Assert.True(statuses[0].Received);
        // The first delta is from the reference time (a 64 ms boundary), in 250 µs ticks.
        Assert.Equal((int)((t0 - header.ReferenceTimeMicroseconds) / 250), statuses[0].DeltaTicks);
        Assert.Equal(4, statuses[1].DeltaTicks);
        Assert.False(statuses[2].Received);
        Assert.Equal(16, statuses[3].DeltaTicks);
        Assert.False(recorder.HasPending);
        Assert.Equal(0, recorder.WriteFeedback(buffer, 1, 2));
    }

    [Fact]
    public void TheNextFeedbackStartsWhereTheLastEndedAcrossTheWrap()
    {
        var recorder = new TransportCcRecorder();
        var buffer = new byte[1500];
        recorder.Record(65534, 1_000_000);
        recorder.Record(65535, 1_001_000);
        Assert.True(recorder.WriteFeedback(buffer, 1, 2) > 0);
        recorder.Record(0, 1_002_000);
        recorder.Record(1, 1_003_000);
        int length = recorder.WriteFeedback(buffer, 1, 2);
        TransportCcPacketStatus[] statuses = Parse(buffer, length, out TransportCcHeader header);
        Assert.Equal(0, header.BaseSequenceNumber);
        Assert.Equal(2, statuses.Length);
        Assert.Equal(1, header.FeedbackPacketCount);
    }

    [Fact]
    public void ABacklogIsSplitIntoSeveralFeedbacks()
    {
        var recorder = new TransportCcRecorder();
        var buffer = new byte[1500];
        for (int i = 0; i < 600; i++)
        {
            recorder.Record((ushort)i, 5_000_000 + i * 500);
        }
        int total = 0;
        while (recorder.HasPending)
        {
            int length = recorder.WriteFeedback(buffer, 1, 2);
            Assert.True(length > 0);
            TransportCcPacketStatus[] statuses = Parse(buffer, length, out TransportCcHeader header);
            Assert.Equal(total, header.BaseSequenceNumber);
            Assert.All(statuses, s => Assert.True(s.Received));
            total += statuses.Length;
        }
        Assert.Equal(600, total);
    }

    [Fact]
    public void LateArrivalsAfterTheirReportAreIgnored()
    {
        var recorder = new TransportCcRecorder();
        var buffer = new byte[1500];
        recorder.Record(10, 1_000_000);
        recorder.Record(12, 1_001_000);
        recorder.WriteFeedback(buffer, 1, 2);
        recorder.Record(11, 1_002_000);
        Assert.False(recorder.HasPending);
    }

    [Fact]
    public void RandomSequencesNeverThrow()
    {
        var random = new Random(11);
        var recorder = new TransportCcRecorder();
        var buffer = new byte[1500];
        long now = 0;
        for (int i = 0; i < 20000; i++)
        {
            now += random.Next(0, 100_000);
            recorder.Record((ushort)random.Next(65536), now);
            if (i % 7 == 0)
            {
                int length = recorder.WriteFeedback(buffer, 1, 2);
                if (length > 0)
                {
                    Assert.True(TransportCcFeedback.TryParseHeader(buffer.AsSpan(0, length), out _));
                }
            }
        }
    }
}
