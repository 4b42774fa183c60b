using System.Buffers.Binary;
using Janus.Media.Srtp;
using Janus.Media.Tests.Net;

namespace Janus.Media.Tests.Srtp;

/// <summary>SRTP and SRTCP work in place: protecting and unprotecting allocate nothing per packet, for every profile.</summary>
[Collection(nameof(AllocationMeasurement))]
public sealed class SrtpAllocationTests
{
    public static TheoryData<int> Profiles => new() { 0x0001, 0x0002, 0x0007, 0x0008 };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RtpAndRtcpRoundTripsAllocateNothing(int profileId)
    {
        SrtpProfile profile = SrtpProfile.FromDtlsProtectionProfile(profileId)!;
        byte[] key = new byte[profile.MasterKeyLength];
        byte[] salt = new byte[profile.MasterSaltLength];
        new Random(profileId).NextBytes(key);
        new Random(profileId + 1).NextBytes(salt);
        using var sender = new SrtpSession(profile, key, salt);
        using var receiver = new SrtpSession(profile, key, salt);
        byte[] rtp = new byte[1200 + 64];
        byte[] rtcp = new byte[100 + 64];

        RoundTrips(sender, receiver, rtp, rtcp, first: 0, count: 200); // first use: streams, key derivation, JIT
        long before = GC.GetAllocatedBytesForCurrentThread();
        RoundTrips(sender, receiver, rtp, rtcp, first: 200, count: 5000); // across a sequence-number wrap
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static void RoundTrips(SrtpSession sender, SrtpSession receiver, byte[] rtp, byte[] rtcp, int first, int count)
    {
        for (int i = first; i < first + count; i++)
        {
            ushort sequence = (ushort)(65000 + i);
            rtp.AsSpan().Clear();
            rtp[0] = 0x80;
            rtp[1] = 96;
            BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), sequence);
            BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(4), (uint)i * 3000);
            BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(8), 0x11223344);
            rtp[12] = (byte)i;
            Assert.True(sender.TryProtectRtp(rtp, 1200, out int protectedLength));
            Assert.True(receiver.TryUnprotectRtp(rtp, protectedLength, out int plainLength));
            Assert.True(plainLength == 1200 && rtp[12] == (byte)i);

            // A receiver report with one block (RFC 3550 §6.4.2).
            rtcp.AsSpan().Clear();
            rtcp[0] = 0x81;
            rtcp[1] = 201;
            BinaryPrimitives.WriteUInt16BigEndian(rtcp.AsSpan(2), 7);
            BinaryPrimitives.WriteUInt32BigEndian(rtcp.AsSpan(4), 0x55667788);
            BinaryPrimitives.WriteUInt32BigEndian(rtcp.AsSpan(8), 0x11223344);
            Assert.True(sender.TryProtectRtcp(rtcp, 32, out int protectedRtcp));
            Assert.True(receiver.TryUnprotectRtcp(rtcp, protectedRtcp, out int plainRtcp));
            Assert.True(plainRtcp == 32);
        }
    }
}
