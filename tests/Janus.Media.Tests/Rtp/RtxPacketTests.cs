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
}
