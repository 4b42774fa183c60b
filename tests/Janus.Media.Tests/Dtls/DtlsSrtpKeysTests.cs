using Janus.Media.Dtls;

namespace Janus.Media.Tests.Dtls;

public sealed class DtlsSrtpKeysTests
{
    [Fact]
    public void FromKeyingMaterial_SplitsPerRfc5764_ForEachRole()
    {
        // client key | server key | client salt | server salt, AES-CM: 16+16+14+14.
        byte[] material = new byte[60];
        for (int i = 0; i < material.Length; i++)
        {
            material[i] = (byte)i;
        }

        var client = DtlsSrtpKeys.FromKeyingMaterial(SrtpProtectionProfile.Aes128CmHmacSha1_80, DtlsRole.Client, material);
        var server = DtlsSrtpKeys.FromKeyingMaterial(SrtpProtectionProfile.Aes128CmHmacSha1_80, DtlsRole.Server, material);

        Assert.Equal(material[0..16], client.LocalMasterKey);
        Assert.Equal(material[16..32], client.RemoteMasterKey);
        Assert.Equal(material[32..46], client.LocalMasterSalt);
        Assert.Equal(material[46..60], client.RemoteMasterSalt);
        Assert.Equal(client.LocalMasterKey, server.RemoteMasterKey);
        Assert.Equal(client.RemoteMasterSalt, server.LocalMasterSalt);
    }

    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80, 60)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 56)]
    [InlineData(SrtpProtectionProfile.AeadAes256Gcm, 88)]
    public void MaterialLength_IsTwiceKeyPlusSalt(SrtpProtectionProfile profile, int expected)
    {
        Assert.Equal(expected, DtlsSrtpKeys.MaterialLength(profile));
        Assert.Throws<ArgumentException>(() => DtlsSrtpKeys.FromKeyingMaterial(profile, DtlsRole.Client, new byte[expected - 1]));
    }
}
