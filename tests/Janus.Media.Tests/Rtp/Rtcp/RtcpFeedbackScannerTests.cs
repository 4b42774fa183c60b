using Janus.Media.Rtp.Rtcp;
using Janus.Media.Tests.Relay;

namespace Janus.Media.Tests.Rtp.Rtcp;

public sealed class RtcpFeedbackScannerTests
{
    private static readonly byte[] Pli = [0x81, 206, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2];

    [Fact]
    public void The_scanner_reads_pli_fir_and_remb()
    {
        Assert.True(RtcpFeedbackScanner.Scan(Pli).KeyframeRequested);
        byte[] fir = [0x84, 206, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0, 0, 0];
        Assert.True(RtcpFeedbackScanner.Scan(fir).KeyframeRequested);
        byte[] compound = [.. new byte[] { 0x80, 201, 0, 1, 0, 0, 0, 1 }, .. RelayGraphTests.Remb(123_456)];
        RtcpFeedback feedback = RtcpFeedbackScanner.Scan(compound);
        Assert.False(feedback.KeyframeRequested);
        Assert.InRange(feedback.RembBitrate, 123_000u, 123_456u);
    }

    [Fact]
    public void The_scanner_survives_random_and_mutated_input()
    {
        var random = new Random(1234);
        byte[] seed = [.. Pli, .. RelayGraphTests.Remb(500_000)];
        for (int i = 0; i < 20_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 64)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])seed.Clone();
                for (int m = random.Next(1, 4); m > 0; m--)
                {
                    input[random.Next(input.Length)] = (byte)random.Next(256);
                }

                input = input[..random.Next(input.Length + 1)];
            }

            RtcpFeedbackScanner.Scan(input);
        }
    }
}
