using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Janus.Media.Srtp;

namespace Janus.Media.Tests.Srtp;

/// <summary>
/// Byte-for-byte comparison with libsrtp2 for every profile: both protect the same random packets, the outputs
/// must be equal, and each side unprotects the other's output.
/// </summary>
public sealed class LibSrtpInteropTests
{
    public static TheoryData<int> Profiles => new() { 0x0001, 0x0002, 0x0007, 0x0008 };

    [Fact]
    public void PolicyStructLayoutMatchesSrtpH()
    {
        Assert.Equal(24, Marshal.SizeOf<LibSrtp.CryptoPolicy>());
        Assert.Equal(128, Marshal.SizeOf<LibSrtp.Policy>());
        Assert.Equal(8, (int)Marshal.OffsetOf<LibSrtp.Policy>(nameof(LibSrtp.Policy.Rtp)));
        Assert.Equal(32, (int)Marshal.OffsetOf<LibSrtp.Policy>(nameof(LibSrtp.Policy.Rtcp)));
        Assert.Equal(56, (int)Marshal.OffsetOf<LibSrtp.Policy>(nameof(LibSrtp.Policy.Key)));
        Assert.Equal(88, (int)Marshal.OffsetOf<LibSrtp.Policy>(nameof(LibSrtp.Policy.WindowSize)));
        Assert.Equal(96, (int)Marshal.OffsetOf<LibSrtp.Policy>(nameof(LibSrtp.Policy.AllowRepeatTx)));
        Assert.Equal(120, (int)Marshal.OffsetOf<LibSrtp.Policy>(nameof(LibSrtp.Policy.Next)));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RtpProtectionIsByteIdenticalToLibSrtpAcrossRollover(int profileId)
    {
        var profile = SrtpProfile.FromDtlsProtectionProfile(profileId)!;
        var random = new Random(profileId);
        byte[] key = RandomBytes(random, profile.MasterKeyLength);
        byte[] salt = RandomBytes(random, profile.MasterSaltLength);

        using var ours = new SrtpSession(profile, key, salt);
        using var oursReceiver = new SrtpSession(profile, key, salt);
        using var theirs = new LibSrtp.Session(profileId, key, salt, outbound: true);
        using var theirsReceiver = new LibSrtp.Session(profileId, key, salt, outbound: false);

        uint[] ssrcs = [0x11223344, 0xCAFEBABE];
        ushort seq = 65400;
        for (int i = 0; i < 400; i++)
        {
            uint ssrc = ssrcs[i % 2];
            if (i % 2 == 0)
            {
                seq++;
            }

            byte[] plain = RandomRtp(random, seq, ssrc);
            var mine = new byte[plain.Length + 64];
            var reference = new byte[plain.Length + 64];
            plain.CopyTo(mine, 0);
            plain.CopyTo(reference, 0);

            Assert.True(ours.TryProtectRtp(mine, plain.Length, out int myLength));
            int theirLength = plain.Length;
            Assert.Equal(0, theirs.ProtectRtp(reference, ref theirLength));
            Assert.Equal(theirLength, myLength);
            Assert.True(mine.AsSpan(0, myLength).SequenceEqual(reference.AsSpan(0, theirLength)), $"packet {i} seq {seq} differs");

            // Each unprotects the other's output.
            int libLength = myLength;
            Assert.Equal(0, theirsReceiver.UnprotectRtp(mine, ref libLength));
            Assert.True(mine.AsSpan(0, libLength).SequenceEqual(plain));
            Assert.True(oursReceiver.TryUnprotectRtp(reference, theirLength, out int plainLength));
            Assert.True(reference.AsSpan(0, plainLength).SequenceEqual(plain));
        }

        Assert.True(ours.TryGetRolloverCounter(ssrcs[0], out uint roc));
        Assert.Equal(1u, roc);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RtcpProtectionIsByteIdenticalToLibSrtp(int profileId)
    {
        var profile = SrtpProfile.FromDtlsProtectionProfile(profileId)!;
        var random = new Random(profileId + 100);
        byte[] key = RandomBytes(random, profile.MasterKeyLength);
        byte[] salt = RandomBytes(random, profile.MasterSaltLength);

        using var ours = new SrtpSession(profile, key, salt);
        using var oursReceiver = new SrtpSession(profile, key, salt);
        using var theirs = new LibSrtp.Session(profileId, key, salt, outbound: true);
        using var theirsReceiver = new LibSrtp.Session(profileId, key, salt, outbound: false);

        const uint ssrc = 0x5EED5EED;
        for (int i = 0; i < 100; i++)
        {
            byte[] plain = RandomRtcp(random, ssrc);
            var mine = new byte[plain.Length + 64];
            var reference = new byte[plain.Length + 64];
            plain.CopyTo(mine, 0);
            plain.CopyTo(reference, 0);

            int theirLength = plain.Length;
            Assert.Equal(0, theirs.ProtectRtcpPacket(reference, ref theirLength));
            if (i == 0)
            {
                // libsrtp counts SRTCP indices from 1, RFC 3711 §3.3.2 from 0; align once, then both must increment alike.
                uint trailer = BinaryPrimitives.ReadUInt32BigEndian(reference.AsSpan(profile.IsAead ? theirLength - 4 : plain.Length));
                ours.SetNextSrtcpIndex(ssrc, trailer & 0x7FFFFFFF);
            }

            Assert.True(ours.TryProtectRtcp(mine, plain.Length, out int myLength));
            Assert.Equal(theirLength, myLength);
            Assert.True(mine.AsSpan(0, myLength).SequenceEqual(reference.AsSpan(0, theirLength)), $"packet {i} differs");

            int libLength = myLength;
            Assert.Equal(0, theirsReceiver.UnprotectRtcpPacket(mine, ref libLength));
            Assert.True(mine.AsSpan(0, libLength).SequenceEqual(plain));
            Assert.True(oursReceiver.TryUnprotectRtcp(reference, theirLength, out int plainLength));
            Assert.True(reference.AsSpan(0, plainLength).SequenceEqual(plain));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnencryptedSrtcpFromLibSrtpIsAuthenticatedAndAccepted(int profileId)
    {
        var profile = SrtpProfile.FromDtlsProtectionProfile(profileId)!;
        var random = new Random(profileId + 300);
        byte[] key = RandomBytes(random, profile.MasterKeyLength);
        byte[] salt = RandomBytes(random, profile.MasterSaltLength);
        using var theirs = new LibSrtp.Session(profileId, key, salt, outbound: true, encryptRtcp: false);
        using var ours = new SrtpSession(profile, key, salt);

        for (int i = 0; i < 10; i++)
        {
            byte[] plain = RandomRtcp(random, 0x0E0E0E0E);
            var buffer = new byte[plain.Length + 64];
            plain.CopyTo(buffer, 0);
            int length = plain.Length;
            Assert.Equal(0, theirs.ProtectRtcpPacket(buffer, ref length));
            Assert.True(buffer.AsSpan(0, plain.Length).SequenceEqual(plain), "E = 0 leaves the packet in the clear");
            var forged = (byte[])buffer.Clone();
            forged[9] ^= 1;

            Assert.Equal(SrtpStatus.AuthenticationFailed, ours.UnprotectRtcp(forged, length, out _));
            Assert.Equal(SrtpStatus.Ok, ours.UnprotectRtcp(buffer, length, out int plainLength));
            Assert.True(buffer.AsSpan(0, plainLength).SequenceEqual(plain));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void LibSrtpAndWeBothRejectATamperedPacket(int profileId)
    {
        var profile = SrtpProfile.FromDtlsProtectionProfile(profileId)!;
        var random = new Random(profileId + 200);
        byte[] key = RandomBytes(random, profile.MasterKeyLength);
        byte[] salt = RandomBytes(random, profile.MasterSaltLength);
        using var ours = new SrtpSession(profile, key, salt);
        using var oursReceiver = new SrtpSession(profile, key, salt);
        using var theirsReceiver = new LibSrtp.Session(profileId, key, salt, outbound: false);

        byte[] plain = RandomRtp(random, 1000, 42);
        var packet = new byte[plain.Length + 64];
        plain.CopyTo(packet, 0);
        Assert.True(ours.TryProtectRtp(packet, plain.Length, out int length));
        packet[length - 1] ^= 0x01;
        var copy = (byte[])packet.Clone();

        int libLength = length;
        Assert.NotEqual(0, theirsReceiver.UnprotectRtp(copy, ref libLength));
        Assert.False(oursReceiver.TryUnprotectRtp(packet, length, out _));
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A random RTP packet: sometimes CSRCs, sometimes a header extension, payload 0-1200 bytes.</summary>
    internal static byte[] RandomRtp(Random random, ushort seq, uint ssrc)
    {
        int csrcCount = random.Next(4) == 0 ? random.Next(1, 4) : 0;
        bool extension = random.Next(2) == 0;
        int extensionWords = extension ? random.Next(1, 4) : 0;
        int headerLength = 12 + 4 * csrcCount + (extension ? 4 + 4 * extensionWords : 0);
        int payloadLength = random.Next(0, 1201);
        var packet = new byte[headerLength + payloadLength];
        random.NextBytes(packet);
        packet[0] = (byte)(0x80 | (extension ? 0x10 : 0) | csrcCount);
        packet[1] = (byte)(random.Next(2) << 7 | 96 + random.Next(10));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        if (extension)
        {
            int at = 12 + 4 * csrcCount;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at + 2), (ushort)extensionWords);
        }

        return packet;
    }

    /// <summary>A random receiver-report-shaped RTCP packet with a consistent length field.</summary>
    internal static byte[] RandomRtcp(Random random, uint ssrc)
    {
        int words = random.Next(1, 60);
        var packet = new byte[4 + 4 * words];
        random.NextBytes(packet);
        packet[0] = (byte)(0x80 | random.Next(0, 4));
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)words);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        return packet;
    }
}
