using Janus.Media.Rtp;

namespace Janus.Media.Tests.Rtp;

public sealed class RtxPacketTests
{
    [Fact]
    public void WrapThenUnwrapRestoresTheOriginal()
    {
        byte[] original = RtpHeaderViewTests.Hex(RtpHeaderViewTests.OneBytePacket);
        var rtx = new byte[original.Length + 2];
        int length = RtxPacket.Wrap(original, rtx, rtxPayloadType: 97, rtxSsrc: 0x55556666, rtxSequenceNumber: 7);
        Assert.Equal(original.Length + 2, length);

        Assert.True(RtpHeaderView.TryParse(rtx.AsSpan(0, length), out var view));
        Assert.Equal(97, view.PayloadType);
        Assert.Equal(0x55556666u, view.Ssrc);
        Assert.Equal(7, view.SequenceNumber);
        Assert.Equal(0x1000u, view.Timestamp);
        Assert.Equal(new byte[] { 0x12, 0x34 }, view.Payload[..2].ToArray());
        Assert.True(view.TryGetExtension(3, out _));
        Assert.True(RtxPacket.TryReadOriginalSequenceNumber(rtx.AsSpan(0, length), out ushort osn));
        Assert.Equal(0x1234, osn);

        Assert.True(RtxPacket.TryUnwrap(rtx.AsSpan(0, length), originalPayloadType: 111, originalSsrc: 0x11223344, out int unwrapped));
        Assert.Equal(original, rtx[..unwrapped]);
    }

    [Fact]
    public void PaddingIsDroppedWhenWrapping()
    {
        byte[] original = RtpHeaderViewTests.Hex(RtpHeaderViewTests.TwoBytePacket);
        var rtx = new byte[original.Length + 2];
        int length = RtxPacket.Wrap(original, rtx, 97, 9, 1);
        Assert.True(RtpHeaderView.TryParse(rtx.AsSpan(0, length), out var view));
        Assert.False(view.HasPadding);
        Assert.Equal(3, view.PayloadLength); // OSN + the one payload byte

        Assert.True(RtxPacket.TryUnwrap(rtx.AsSpan(0, length), 96, 0xAAAA, out int unwrapped));
        Assert.True(RtpHeaderView.TryParse(rtx.AsSpan(0, unwrapped), out view));
        Assert.Equal(1, view.SequenceNumber);
        Assert.Equal(1, view.PayloadLength);
        Assert.Equal(0x01, view.Payload[0]);
    }

    [Fact]
    public void PaddingOnlyProbesCannotBeUnwrapped()
    {
        byte[] probe = RtpHeaderViewTests.Hex("A0610005 00000000 00000009 00000000 00000008");
        Assert.False(RtxPacket.TryUnwrap(probe, 96, 1, out _));
        Assert.False(RtxPacket.TryReadOriginalSequenceNumber(probe, out _));
    }

    [Fact]
    public void WrapRefusesMalformedOriginalsAndSmallDestinations()
    {
        byte[] original = RtpHeaderViewTests.Hex(RtpHeaderViewTests.OneBytePacket);
        Assert.Equal(0, RtxPacket.Wrap(original, new byte[original.Length + 1], 97, 1, 1));
        Assert.Equal(0, RtxPacket.Wrap(original.AsSpan(0, 14), new byte[100], 97, 1, 1));
    }

    [Fact]
    public void RandomAndMutatedRtxPacketsNeverThrowAndUnwrapInsideTheirBuffer()
    {
        var random = new Random(4588);
        byte[] original = RtpHeaderViewTests.Hex(RtpHeaderViewTests.TwoBytePacket);
        var seed = new byte[original.Length + 2];
        int seedLength = RtxPacket.Wrap(original, seed, 97, 9, 1);
        var buffer = new byte[300];
        for (int i = 0; i < 20000; i++)
        {
            int length;
            if (i % 2 == 0)
            {
                length = random.Next(buffer.Length);
                random.NextBytes(buffer.AsSpan(0, length));
                buffer[0] = (byte)(buffer[0] & 0x3F | 0x80);
            }
            else
            {
                seed.AsSpan(0, seedLength).CopyTo(buffer);
                length = random.Next(seedLength + 1);
                for (int f = random.Next(1, 4); f > 0 && length > 0; f--)
                {
                    buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                }
            }

            Span<byte> packet = buffer.AsSpan(0, length);
            bool hasOsn = RtxPacket.TryReadOriginalSequenceNumber(packet, out ushort osn);
            if (RtxPacket.TryUnwrap(packet, 96, 0xAAAA, out int unwrapped))
            {
                Assert.True(hasOsn);
                Assert.InRange(unwrapped, 12, length - RtxPacket.OriginalSequenceNumberLength);
                Assert.True(RtpHeaderView.TryParse(packet[..unwrapped], out RtpHeaderView view));
                Assert.Equal(osn, view.SequenceNumber);
                Assert.Equal(96, view.PayloadType);
                Assert.False(view.HasPadding);
            }
            else
            {
                Assert.False(hasOsn);
            }
        }
    }
}
