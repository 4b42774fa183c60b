using System.Buffers.Binary;
using Janus.Media.Rtp.Feedback;

namespace Janus.Media.Tests.Rtp.Feedback;

public sealed class RtpStreamRewriterTests
{
    private const uint LocalSsrc = 0xCAFEBABE;
    private const int ClockRate = 90_000;

    private static byte[] Packet(uint ssrc, ushort seq, uint timestamp)
    {
        var rtp = new byte[12];
        rtp[0] = 0x80;
        rtp[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(8), ssrc);
        return rtp;
    }

    private static (uint Ssrc, ushort Seq, uint Timestamp) Rewrite(RtpStreamRewriter rewriter, byte[] rtp, long nowMs)
    {
        rewriter.Rewrite(rtp, LocalSsrc, ClockRate, nowMs);
        return (BinaryPrimitives.ReadUInt32BigEndian(rtp.AsSpan(8)),
            BinaryPrimitives.ReadUInt16BigEndian(rtp.AsSpan(2)),
            BinaryPrimitives.ReadUInt32BigEndian(rtp.AsSpan(4)));
    }

    [Fact]
    public void FirstSourcePassesThroughUnderTheLocalSsrc()
    {
        var rewriter = new RtpStreamRewriter();
        Assert.Equal((LocalSsrc, (ushort)500, 9000u), Rewrite(rewriter, Packet(1, 500, 9000), 0));
        Assert.Equal((LocalSsrc, (ushort)501, 12000u), Rewrite(rewriter, Packet(1, 501, 12000), 33));
    }

    [Fact]
    public void ANewSourceContinuesRightAfterThePreviousOneWithTimeAdvanced()
    {
        var rewriter = new RtpStreamRewriter();
        Rewrite(rewriter, Packet(1, 100, 1000), 1000);
        // 50 ms later another source starts with unrelated numbering: the next sequence number follows on,
        // and the timestamp moves by the 50 ms that passed (4500 ticks at 90 kHz).
        Assert.Equal((LocalSsrc, (ushort)101, 5500u), Rewrite(rewriter, Packet(2, 40_000, 777_000), 1050));
        Assert.Equal((LocalSsrc, (ushort)102, 8500u), Rewrite(rewriter, Packet(2, 40_001, 780_000), 1083));
    }

    [Fact]
    public void ALateRetransmissionDoesNotRewindTheNextSwitch()
    {
        var rewriter = new RtpStreamRewriter();
        Rewrite(rewriter, Packet(1, 10, 0), 0);
        Rewrite(rewriter, Packet(1, 11, 3000), 33);
        Rewrite(rewriter, Packet(1, 9, 0), 40); // an old packet, resent
        // The switch continues from packet 11, not from the late packet 9.
        Assert.Equal((ushort)12, Rewrite(rewriter, Packet(2, 5000, 0), 66).Seq);
    }

    [Fact]
    public void ResetTakesTheNextPacketAsAFreshStart()
    {
        var rewriter = new RtpStreamRewriter();
        Rewrite(rewriter, Packet(1, 10, 0), 0);
        rewriter.Reset();
        Assert.Equal((LocalSsrc, (ushort)7000, 123u), Rewrite(rewriter, Packet(2, 7000, 123), 10));
    }
}
