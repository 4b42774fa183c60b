using System.Buffers.Binary;
using Janus.Media.Srtp;

namespace Janus.Media.Tests.Srtp;

public sealed class SrtpSessionTests
{
    public static TheoryData<int> Profiles => new() { 0x0001, 0x0002, 0x0007, 0x0008 };

    private static (SrtpSession Sender, SrtpSession Receiver) Pair(int profileId, int seed = 1)
    {
        var profile = SrtpProfile.FromDtlsProtectionProfile(profileId)!;
        var random = new Random(seed);
        var key = new byte[profile.MasterKeyLength];
        var salt = new byte[profile.MasterSaltLength];
        random.NextBytes(key);
        random.NextBytes(salt);
        return (new SrtpSession(profile, key, salt), new SrtpSession(profile, key, salt));
    }

    private static byte[] Rtp(ushort seq, uint ssrc = 0x01020304, int payload = 100, int room = 16)
    {
        var packet = new byte[12 + payload + room];
        packet[0] = 0x80;
        packet[1] = 111;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (int i = 0; i < payload; i++)
        {
            packet[12 + i] = (byte)(i * 7 + seq);
        }

        return packet;
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectedRtpRoundTripsAndChangesThePayload(int profileId)
    {
        var (sender, receiver) = Pair(profileId);
        using var _s = sender;
        using var _r = receiver;
        byte[] packet = Rtp(5);
        byte[] original = packet[..112];

        Assert.True(sender.TryProtectRtp(packet, 112, out int protectedLength));
        Assert.Equal(112 + sender.Profile.RtpOverhead, protectedLength);
        Assert.True(packet.AsSpan(0, 12).SequenceEqual(original.AsSpan(0, 12)));
        Assert.False(packet.AsSpan(12, 100).SequenceEqual(original.AsSpan(12, 100)));

        Assert.True(receiver.TryUnprotectRtp(packet, protectedLength, out int plainLength));
        Assert.Equal(original, packet[..plainLength]);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectedRtcpRoundTrips(int profileId)
    {
        var (sender, receiver) = Pair(profileId);
        using var _s = sender;
        using var _r = receiver;
        var random = new Random(3);
        for (int i = 0; i < 20; i++)
        {
            byte[] plain = LibSrtpInteropTests.RandomRtcp(random, 0xABCDEF01);
            var buffer = new byte[plain.Length + 32];
            plain.CopyTo(buffer, 0);
            Assert.True(sender.TryProtectRtcp(buffer, plain.Length, out int length));
            Assert.Equal(plain.Length + sender.Profile.RtcpOverhead, length);
            Assert.True(receiver.TryUnprotectRtcp(buffer, length, out int plainLength));
            Assert.Equal(plain, buffer[..plainLength]);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RolloverCounterFollowsTheSequenceWrap(int profileId)
    {
        var (sender, receiver) = Pair(profileId);
        using var _s = sender;
        using var _r = receiver;
        ushort seq = 65530;
        for (int i = 0; i < 12; i++, seq++)
        {
            byte[] packet = Rtp(seq);
            Assert.True(sender.TryProtectRtp(packet, 112, out int length));
            Assert.True(receiver.TryUnprotectRtp(packet, length, out _), $"seq {seq}");
        }

        Assert.True(sender.TryGetRolloverCounter(0x01020304, out uint sendRoc));
        Assert.True(receiver.TryGetRolloverCounter(0x01020304, out uint receiveRoc));
        Assert.Equal(1u, sendRoc);
        Assert.Equal(1u, receiveRoc);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ReorderedPacketsAcrossTheWrapUseTheRightRolloverCounter(int profileId)
    {
        var (sender, receiver) = Pair(profileId);
        using var _s = sender;
        using var _r = receiver;
        var protectedPackets = new List<(byte[] Packet, int Length)>();
        for (ushort seq = 65533; seq != 3; seq++)
        {
            byte[] packet = Rtp(seq);
            Assert.True(sender.TryProtectRtp(packet, 112, out int length));
            protectedPackets.Add((packet, length));
        }

        // 65533, then 0 and 1 (after the wrap), then the late 65534 and 65535 (before it), then 2.
        int[] order = [0, 3, 4, 1, 2, 5];
        foreach (int i in order)
        {
            var (packet, length) = protectedPackets[i];
            Assert.True(receiver.TryUnprotectRtp(packet, length, out _), $"packet {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ReplayedRtpIsRejected(int profileId)
    {
        var (sender, receiver) = Pair(profileId);
        using var _s = sender;
        using var _r = receiver;
        byte[] packet = Rtp(10);
        Assert.True(sender.TryProtectRtp(packet, 112, out int length));
        byte[] copy = (byte[])packet.Clone();

        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packet, length, out _));
        Assert.Equal(SrtpStatus.Replayed, receiver.UnprotectRtp(copy, length, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ReplayedRtcpIsRejected(int profileId)
    {
        var (sender, receiver) = Pair(profileId);
        using var _s = sender;
        using var _r = receiver;
        byte[] packet = LibSrtpInteropTests.RandomRtcp(new Random(1), 7);
        var buffer = new byte[packet.Length + 32];
        packet.CopyTo(buffer, 0);
        Assert.True(sender.TryProtectRtcp(buffer, packet.Length, out int length));
        byte[] copy = (byte[])buffer.Clone();

        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(buffer, length, out _));
        Assert.Equal(SrtpStatus.Replayed, receiver.UnprotectRtcp(copy, length, out _));
    }

    [Fact]
    public void PacketsOlderThanTheWindowAreRejectedButLateOnesInsideItAreAccepted()
    {
        var (sender, receiver) = Pair(0x0001);
        using var _s = sender;
        using var _r = receiver;
        var packets = new (byte[] Packet, int Length)[300];
        for (int i = 0; i < packets.Length; i++)
        {
            byte[] packet = Rtp((ushort)(1000 + i));
            Assert.True(sender.TryProtectRtp(packet, 112, out int length));
            packets[i] = (packet, length);
        }

        Assert.True(receiver.TryUnprotectRtp(packets[0].Packet, packets[0].Length, out _));
        Assert.True(receiver.TryUnprotectRtp(packets[299].Packet, packets[299].Length, out _));
        Assert.Equal(SrtpStatus.TooOld, receiver.UnprotectRtp(packets[100].Packet, packets[100].Length, out _));
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packets[200].Packet, packets[200].Length, out _));
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packets[298].Packet, packets[298].Length, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TamperedHeaderPayloadOrTagIsRejected(int profileId)
    {
        var (sender, receiver) = Pair(profileId);
        using var _s = sender;
        using var _r = receiver;
        foreach (int position in new[] { 1, 20, -1 })
        {
            byte[] packet = Rtp((ushort)(100 + position + 5));
            Assert.True(sender.TryProtectRtp(packet, 112, out int length));
            packet[position < 0 ? length - 1 : position] ^= 0x40;
            Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtp(packet, length, out _));
        }

        // A forged packet must not have created stream state or moved the replay window.
        Assert.Equal(0, receiver.StreamCount);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TamperedRtcpIsRejected(int profileId)
    {
        var (sender, receiver) = Pair(profileId);
        using var _s = sender;
        using var _r = receiver;
        byte[] packet = LibSrtpInteropTests.RandomRtcp(new Random(2), 9);
        var buffer = new byte[packet.Length + 32];
        packet.CopyTo(buffer, 0);
        Assert.True(sender.TryProtectRtcp(buffer, packet.Length, out int length));
        buffer[10] ^= 1;
        Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtcp(buffer, length, out _));
    }

    [Fact]
    public void AWrongKeyFailsAuthentication()
    {
        var (sender, _) = Pair(0x0007, seed: 1);
        var (_, receiver) = Pair(0x0007, seed: 2);
        byte[] packet = Rtp(1);
        Assert.True(sender.TryProtectRtp(packet, 112, out int length));
        Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtp(packet, length, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TruncatedOrMalformedPacketsAreRefused(int profileId)
    {
        var (sender, receiver) = Pair(profileId);
        using var _s = sender;
        using var _r = receiver;
        byte[] packet = Rtp(1);
        Assert.True(sender.TryProtectRtp(packet, 112, out int length));

        for (int cut = 0; cut < 12 + sender.Profile.RtpAuthTagLength; cut++)
        {
            Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtp((byte[])packet.Clone(), cut, out _));
        }

        byte[] wrongVersion = (byte[])packet.Clone();
        wrongVersion[0] = 0x40;
        Assert.Equal(SrtpStatus.Malformed, receiver.UnprotectRtp(wrongVersion, length, out _));

        byte[] hugeExtension = Rtp(2);
        hugeExtension[0] |= 0x10;
        hugeExtension[14] = 0xFF;
        hugeExtension[15] = 0xFF;
        Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtp(hugeExtension, 112, out _));
        Assert.Equal(SrtpStatus.Malformed, receiver.UnprotectRtp(hugeExtension, 112, out _));
        Assert.Equal(SrtpStatus.Malformed, receiver.UnprotectRtp(packet, packet.Length + 1, out _));
        Assert.Equal(SrtpStatus.Malformed, receiver.UnprotectRtcp(new byte[10], 10, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectNeedsRoomForTheTag(int profileId)
    {
        var (sender, _) = Pair(profileId);
        byte[] packet = Rtp(1, room: 0);
        Assert.Equal(SrtpStatus.BufferTooSmall, sender.ProtectRtp(packet, packet.Length, out _));
        Assert.Equal(SrtpStatus.BufferTooSmall, sender.ProtectRtcp(packet, packet.Length, out _));
    }

    [Fact]
    public void CsrcsAndExtensionsStayInTheClearAndAuthenticated()
    {
        var (sender, receiver) = Pair(0x0001);
        var packet = new byte[12 + 8 + 8 + 50 + 10];
        packet[0] = 0x92; // V=2, X=1, CC=2
        packet[1] = 96;
        packet[3] = 9;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), 1);
        packet[24] = 0x10;
        packet[25] = 0xAA;
        byte[] header = packet[..28];
        Assert.True(sender.TryProtectRtp(packet, 78, out int length));
        Assert.Equal(header, packet[..28]);
        Assert.True(receiver.TryUnprotectRtp(packet, length, out int plain));
        Assert.Equal(78, plain);
    }

    [Fact]
    public void NewStreamsBeyondTheLimitAreRefused()
    {
        var profile = SrtpProfile.Aes128CmHmacSha1_80;
        using var sender = new SrtpSession(profile, new byte[16], new byte[14], maxStreams: 2);
        Assert.True(sender.TryProtectRtp(Rtp(1, ssrc: 1), 112, out _));
        Assert.True(sender.TryProtectRtp(Rtp(1, ssrc: 2), 112, out _));
        Assert.Equal(SrtpStatus.TooManyStreams, sender.ProtectRtp(Rtp(1, ssrc: 3), 112, out _));
        Assert.True(sender.RemoveStream(1));
        Assert.True(sender.TryProtectRtp(Rtp(1, ssrc: 3), 112, out _));
    }

    [Fact]
    public void ConstructorRefusesKeysOfTheWrongLength()
    {
        Assert.Throws<ArgumentException>(() => new SrtpSession(SrtpProfile.AeadAes256Gcm, new byte[16], new byte[12]));
        Assert.Throws<ArgumentException>(() => new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, new byte[16], new byte[12]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, new byte[16], new byte[14], replayWindowSize: 100));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RandomAndMutatedInputNeverThrows(int profileId)
    {
        var (sender, receiver) = Pair(profileId);
        using var _s = sender;
        using var _r = receiver;
        var random = new Random(profileId * 31);
        var buffer = new byte[1600];
        int accepted = 0;
        for (int i = 0; i < 3000; i++)
        {
            int length;
            if (i % 2 == 0)
            {
                length = random.Next(0, 200);
                random.NextBytes(buffer.AsSpan(0, length));
                if (length > 0 && random.Next(2) == 0)
                {
                    buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
                }
            }
            else
            {
                byte[] plain = LibSrtpInteropTests.RandomRtp(random, (ushort)i, 77);
                plain.CopyTo(buffer, 0);
                Assert.True(sender.TryProtectRtp(buffer, plain.Length, out length));
                int flips = random.Next(0, 3);
                for (int f = 0; f < flips; f++)
                {
                    buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                }

                if (random.Next(4) == 0)
                {
                    length = random.Next(length + 1);
                }
            }

            if (receiver.UnprotectRtp(buffer, length, out _) == SrtpStatus.Ok)
            {
                accepted++;
            }

            _ = receiver.UnprotectRtcp(buffer, length, out _);
        }

        Assert.True(accepted > 0, "untouched packets should still be accepted");
    }
}
