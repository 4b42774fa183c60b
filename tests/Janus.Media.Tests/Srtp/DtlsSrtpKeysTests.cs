using Janus.Media.Srtp;

namespace Janus.Media.Tests.Srtp;

public sealed class DtlsSrtpKeysTests
{
    [Theory]
    [InlineData(0x0001)]
    [InlineData(0x0008)]
    public void ClientAndServerSessionsTalkToEachOther(int profileId)
    {
        var profile = SrtpProfile.FromDtlsProtectionProfile(profileId)!;
        var material = new byte[profile.KeyingMaterialLength];
        new Random(5).NextBytes(material);

        using var client = DtlsSrtpKeys.CreateSessions(profile, material, isDtlsClient: true);
        using var server = DtlsSrtpKeys.CreateSessions(profile, material, isDtlsClient: false);

        var packet = new byte[12 + 40 + 16];
        packet[0] = 0x80;
        packet[11] = 1;
        Assert.True(client.Outbound.TryProtectRtp(packet, 52, out int length));
        Assert.False(client.Inbound.TryUnprotectRtp((byte[])packet.Clone(), length, out _));
        Assert.True(server.Inbound.TryUnprotectRtp(packet, length, out _));

        packet[3] = 1;
        Assert.True(server.Outbound.TryProtectRtp(packet, 52, out length));
        Assert.True(client.Inbound.TryUnprotectRtp(packet, length, out _));
    }

    [Fact]
    public void ClientWriteKeyComesFirstAndSaltsAfterBothKeys()
    {
        // RFC 5764 §4.2: client_write_key | server_write_key | client_write_salt | server_write_salt.
        var profile = SrtpProfile.Aes128CmHmacSha1_80;
        var material = new byte[60];
        new Random(9).NextBytes(material);
        using var expectedClient = new SrtpSession(profile, material.AsSpan(0, 16), material.AsSpan(32, 14));
        using var pair = DtlsSrtpKeys.CreateSessions(profile, material, isDtlsClient: false);

        var packet = new byte[60];
        packet[0] = 0x80;
        Assert.True(expectedClient.TryProtectRtp(packet, 40, out int length));
        Assert.True(pair.Inbound.TryUnprotectRtp(packet, length, out _));
    }

    [Fact]
    public void ShortKeyingMaterialIsRefused()
        => Assert.Throws<ArgumentException>(() => DtlsSrtpKeys.CreateSessions(SrtpProfile.AeadAes128Gcm, new byte[55], true));

    [Theory]
    [InlineData(0x0001, 16, 14, 10, 10, 60)]
    [InlineData(0x0002, 16, 14, 4, 10, 60)]
    [InlineData(0x0007, 16, 12, 16, 16, 56)]
    [InlineData(0x0008, 32, 12, 16, 16, 88)]
    public void ProfilesCarryTheRegisteredLengths(int id, int key, int salt, int rtpTag, int rtcpTag, int material)
    {
        Assert.True(SrtpProfile.TryFromDtlsProtectionProfile(id, out var profile));
        Assert.Equal(id, profile.DtlsProtectionProfileId);
        Assert.Equal(key, profile.MasterKeyLength);
        Assert.Equal(salt, profile.MasterSaltLength);
        Assert.Equal(rtpTag, profile.RtpAuthTagLength);
        Assert.Equal(rtcpTag, profile.RtcpAuthTagLength);
        Assert.Equal(material, profile.KeyingMaterialLength);
    }

    [Fact]
    public void UnknownProfilesAreNull()
    {
        Assert.Null(SrtpProfile.FromDtlsProtectionProfile(0x0005));
        Assert.False(SrtpProfile.TryFromDtlsProtectionProfile(0, out _));
    }
}
