using Janus.Media.Rtp;

namespace Janus.Media.Tests.Rtp;

public sealed class RtpHeaderViewTests
{
    internal static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    // A browser-style audio packet: one-byte extensions audio level (1), abs-send-time (2), transport-cc (3), mid (4).
    internal const string OneBytePacket =
        "906F1234 00001000 11223344 BEDE0003 109E2212 34563101 02403000 DEADBEEF CAFE";

    // Two-byte extensions (profile 0x1000): rid "h" (5), mid "0" (4), then padding; one CSRC; padded by 3.
    internal const string TwoBytePacket =
        "B1E00001 00000001 0000AAAA 01020304 10000002 05016804 01300000 0102 0003";

    [Fact]
    public void ReadsTheFixedHeaderAndOneByteExtensions()
    {
        byte[] packet = Hex(OneBytePacket);
        Assert.True(RtpHeaderView.TryParse(packet, out var view));
        Assert.Equal(2, view.Version);
        Assert.False(view.Marker);
        Assert.Equal(111, view.PayloadType);
        Assert.Equal(0x1234, view.SequenceNumber);
        Assert.Equal(0x1000u, view.Timestamp);
        Assert.Equal(0x11223344u, view.Ssrc);
        Assert.True(view.HasExtension);
        Assert.Equal(0xBEDE, view.ExtensionProfile);
        Assert.Equal(28, view.HeaderLength);
        Assert.Equal(6, view.PayloadLength);

        Assert.True(view.TryGetExtension(1, out var level));
        Assert.True(RtpExtensionValues.TryReadAudioLevel(level, out bool voice, out int dbov));
        Assert.True(voice);
        Assert.Equal(30, dbov);

        Assert.True(view.TryGetExtension(2, out var abs));
        Assert.True(RtpExtensionValues.TryReadAbsSendTime(abs, out uint sendTime));
        Assert.Equal(0x123456u, sendTime);

        Assert.True(view.TryGetExtension(3, out var twcc));
        Assert.True(RtpExtensionValues.TryReadTransportSequenceNumber(twcc, out ushort transportSeq));
        Assert.Equal(0x0102, transportSeq);

        Assert.True(view.TryGetExtension(4, out var mid));
        Assert.True(RtpExtensionValues.TextEquals(mid, "0"));
        Assert.False(RtpExtensionValues.TextEquals(mid, "1"));
        Assert.Equal("0", RtpExtensionValues.ReadString(mid));

        Assert.False(view.TryGetExtension(5, out _));
    }

    [Fact]
    public void ReadsTwoByteExtensionsCsrcsAndPadding()
    {
        byte[] packet = Hex(TwoBytePacket);
        Assert.True(RtpHeaderView.TryParse(packet, out var view));
        Assert.True(view.Marker);
        Assert.Equal(96, view.PayloadType);
        Assert.Equal(1, view.CsrcCount);
        Assert.Equal(0x01020304u, view.GetCsrc(0));
        Assert.Equal(3, view.PaddingLength);
        Assert.Equal(1, view.PayloadLength);
        Assert.Equal(0x01, view.Payload[0]);
        Assert.True(view.TryGetExtension(5, out var rid));
        Assert.True(RtpExtensionValues.TextEquals(rid, "h"));
        Assert.True(view.TryGetExtension(4, out var mid));
        Assert.Equal("0", RtpExtensionValues.ReadString(mid));

        int count = 0;
        foreach (var element in view.Extensions)
        {
            count++;
            Assert.True(element.Id is 4 or 5);
        }

        Assert.Equal(2, count);
    }

    [Fact]
    public void SettersRewriteTheHeaderInPlace()
    {
        byte[] packet = Hex(OneBytePacket);
        Assert.True(RtpHeaderView.TryParse(packet, out var view));
        view.SequenceNumber = 0xFFFE;
        view.Timestamp = 0xA0B0C0D0;
        view.Ssrc = 0x0BADF00D;
        view.PayloadType = 100;
        view.Marker = true;

        Assert.Equal(Hex("90E4FFFE A0B0C0D0 0BADF00D"), packet[..12]);
        view.Marker = false;
        Assert.Equal(100, view.PayloadType);
        Assert.False(view.Marker);
    }

    [Fact]
    public void ExtensionValuesCanBeRewrittenInPlace()
    {
        byte[] packet = Hex(OneBytePacket);
        Assert.True(RtpHeaderView.TryParse(packet, out var view));
        Assert.True(view.TryGetExtension(3, out var twcc));
        Assert.True(RtpExtensionValues.TryWriteTransportSequenceNumber(twcc, 0xABCD));
        Assert.True(view.TryGetExtension(2, out var abs));
        Assert.True(RtpExtensionValues.TryWriteAbsSendTime(abs, RtpExtensionValues.AbsSendTimeFromMicroseconds(1_500_000)));
        Assert.True(view.TryGetExtension(1, out var level));
        Assert.True(RtpExtensionValues.TryWriteAudioLevel(level, false, 127));
        Assert.False(RtpExtensionValues.TryWriteAudioLevel(level, false, 128));
        Assert.True(view.TryGetExtension(4, out var mid));
        Assert.True(RtpExtensionValues.TryWriteText(mid, "7"));
        Assert.False(RtpExtensionValues.TryWriteText(mid, "10"));

        Assert.True(RtpHeaderView.TryParse(packet, out view));
        Assert.True(view.TryGetExtension(3, out twcc));
        Assert.True(RtpExtensionValues.TryReadTransportSequenceNumber(twcc, out ushort seq));
        Assert.Equal(0xABCD, seq);
        Assert.True(view.TryGetExtension(2, out abs));
        Assert.True(RtpExtensionValues.TryReadAbsSendTime(abs, out uint sendTime));
        Assert.Equal((uint)(1.5 * (1 << 18)), sendTime);
        Assert.Equal(0x7F, packet[17]);
        Assert.Equal((byte)'7', packet[26]);
    }

    [Fact]
    public void AbsSendTimeWrapsEvery64Seconds()
        => Assert.Equal(RtpExtensionValues.AbsSendTimeFromMicroseconds(1_000_000), RtpExtensionValues.AbsSendTimeFromMicroseconds(65_000_000));

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("8060000100000000000000")] // 11 bytes
    [InlineData("40600001 00000000 00000000")] // version 1
    [InlineData("81600001 00000000 00000000")] // CSRC count 1, no CSRC
    [InlineData("90600001 00000000 00000000 BEDE")] // extension header cut
    [InlineData("90600001 00000000 00000000 BEDE0002 10AA0000")] // extension length past the end
    [InlineData("A0600001 00000000 00000000 00")] // padding count 0
    [InlineData("A0600001 00000000 00000000 0105")] // padding longer than the payload
    public void MalformedPacketsAreRefused(string hex)
        => Assert.False(RtpHeaderView.TryParse(Hex(hex), out _));

    [Fact]
    public void MalformedExtensionElementsEndTheWalkQuietly()
    {
        // One-byte element id 1 claims 16 bytes in a 4-byte block.
        byte[] packet = Hex("90600001 00000000 00000000 BEDE0001 1F000000");
        Assert.True(RtpHeaderView.TryParse(packet, out var view));
        Assert.False(view.TryGetExtension(1, out _));

        // id 15 stops parsing even with more elements after it.
        packet = Hex("90600001 00000000 00000000 BEDE0001 F0201100");
        Assert.True(RtpHeaderView.TryParse(packet, out view));
        Assert.False(view.TryGetExtension(2, out _));

        // Unknown profile: nothing.
        packet = Hex("90600001 00000000 00000000 12340001 10AA0000");
        Assert.True(RtpHeaderView.TryParse(packet, out view));
        Assert.False(view.TryGetExtension(1, out _));
    }

    [Fact]
    public void RandomAndMutatedInputNeverThrows()
    {
        var random = new Random(8285);
        byte[][] seeds = [Hex(OneBytePacket), Hex(TwoBytePacket)];
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
                byte[] seed = seeds[random.Next(seeds.Length)];
                seed.CopyTo(buffer, 0);
                length = random.Next(seed.Length + 1);
                for (int f = random.Next(1, 4); f > 0 && length > 0; f--)
                {
                    buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                }
            }

            Span<byte> packet = buffer.AsSpan(0, length);
            if (RtpHeaderView.TryParse(packet, out var view))
            {
                Assert.True(view.HeaderLength + view.PaddingLength <= length);
                _ = view.Payload.Length;
                foreach (var element in view.Extensions)
                {
                    Assert.InRange(element.Id, 1, 255);
                    _ = RtpExtensionValues.TryReadAudioLevel(element.Value, out _, out _);
                    _ = RtpExtensionValues.TryReadAbsSendTime(element.Value, out _);
                    _ = RtpExtensionValues.TextEquals(element.Value, "abc");
                }
            }
        }
    }
}
