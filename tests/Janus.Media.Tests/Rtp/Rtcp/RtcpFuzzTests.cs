using Janus.Media.Rtp.Rtcp;

namespace Janus.Media.Tests.Rtp.Rtcp;

/// <summary>Random and mutated bytes through every RTCP parser: each may refuse, none may throw.</summary>
public sealed class RtcpFuzzTests
{
    private static readonly string[] Seeds =
    [
        RtcpCompoundTests.ReceiverReportAndSdes,
        "80C80006 0000CAFE E7A1B2C3 D4E5F607 00015F90 000004D2 0008AA52",
        "81CD0004 00000001 00000002 03E88005 FFFF0001",
        "8FCE0006 00000001 00000000 52454D42 020DE848 0000AAAA 0000BBBB",
        "AFCD0006 00000001 00000002 000A0005 00010203 D1800401 012C0002",
        "84CE0004 00000001 00000000 12345678 09000000",
        "82CB0004 0000000A 00000014 07627965 206E6F77",
        "81CE0002 0000AAAA 0000BBBB",
    ];

    [Fact]
    public void EveryParserSurvivesRandomAndMutatedInput()
    {
        var random = new Random(3550);
        byte[][] seeds = Seeds.Select(RtcpCompoundTests.Hex).ToArray();
        var buffer = new byte[512];
        var statuses = new TransportCcPacketStatus[65536];
        Span<ushort> lost = stackalloc ushort[256];
        int parsedSomething = 0;
        for (int i = 0; i < 30000; i++)
        {
            int length;
            if (i % 3 == 0)
            {
                length = random.Next(buffer.Length);
                random.NextBytes(buffer.AsSpan(0, length));
                if (length > 1)
                {
                    buffer[0] = (byte)(0x80 | buffer[0] & 0x3F);
                    buffer[1] = (byte)random.Next(200, 208);
                }
            }
            else
            {
                byte[] seed = seeds[random.Next(seeds.Length)];
                seed.CopyTo(buffer, 0);
                length = random.Next(2) == 0 ? seed.Length : random.Next(seed.Length + 1);
                for (int f = random.Next(1, 4); f > 0 && length > 0; f--)
                {
                    buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                }
            }

            ReadOnlySpan<byte> data = buffer.AsSpan(0, length);
            foreach (var packet in new RtcpCompoundEnumerator(data))
            {
                ReadOnlySpan<byte> p = packet.Packet;
                if (RtcpReport.TryParse(p, out _, out _, out var blocks))
                {
                    parsedSomething++;
                    for (int b = 0; b + RtcpReportBlock.Length <= blocks.Length; b += RtcpReportBlock.Length)
                    {
                        _ = RtcpReportBlock.Read(blocks[b..]);
                    }
                }

                _ = RtcpSdes.TryGetCname(p, out _, out _);
                _ = RtcpBye.TryParse(p, out _, out _);
                if (RtcpNack.TryParse(p, out _, out _, out var pairs))
                {
                    Assert.InRange(RtcpNack.ExpandLost(pairs, lost), 1, lost.Length);
                }

                _ = RtcpPli.TryParse(p, out _, out _);
                if (RtcpFir.TryParse(p, out _, out var entries))
                {
                    _ = RtcpFir.ReadEntry(entries, RtcpFir.EntryCount(entries) - 1);
                }

                _ = RtcpRemb.TryParse(p, out _, out _, out _);
                _ = TransportCcFeedback.TryParse(p, out _, statuses);
            }
        }

        Assert.True(parsedSomething > 100);
    }
}
