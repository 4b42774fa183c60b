using System.Security.Cryptography;
using Janus.Media.Srtp;

namespace Janus.Media.Tests.Srtp;

/// <summary>Our AES-NI/PCLMULQDQ AES-GCM against .NET's (OpenSSL's) on the same inputs, and NIST's vectors.</summary>
public sealed class AesGcmNiTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void EncryptMatchesDotNetsAesGcmForEverySizeAndAssociatedDataLength(int keyLength)
    {
        var random = new Random(keyLength);
        for (int round = 0; round < 400; round++)
        {
            byte[] key = RandomBytes(random, keyLength);
            byte[] nonce = RandomBytes(random, 12);
            int size = round < 200 ? round : random.Next(0, 1500);
            byte[] plain = RandomBytes(random, size);
            byte[] associated = RandomBytes(random, random.Next(0, 72));

            byte[] expected = new byte[size];
            byte[] expectedTag = new byte[16];
            using (var reference = new AesGcm(key, 16))
            {
                reference.Encrypt(nonce, plain, expected, expectedTag, associated);
            }
            byte[] actual = (byte[])plain.Clone();
            byte[] actualTag = new byte[16];
            var ours = new AesGcmNi(key);
            ours.Encrypt(nonce, actual, actualTag, associated);

            Assert.Equal(expected, actual);
            Assert.Equal(expectedTag, actualTag);
            Assert.True(ours.TryDecrypt(nonce, actual, actualTag, associated));
            Assert.Equal(plain, actual);
        }
    }

    [Fact]
    public void ATamperedCiphertextTagOrAssociatedDataFailsAndZeroesTheData()
    {
        var random = new Random(7);
        byte[] key = RandomBytes(random, 16);
        byte[] nonce = RandomBytes(random, 12);
        byte[] associated = RandomBytes(random, 12);
        byte[] plain = RandomBytes(random, 100);
        var gcm = new AesGcmNi(key);
        byte[] sealedData = (byte[])plain.Clone();
        byte[] tag = new byte[16];
        gcm.Encrypt(nonce, sealedData, tag, associated);

        foreach (int which in new[] { 0, 1, 2 })
        {
            byte[] data = (byte[])sealedData.Clone();
            byte[] t = (byte[])tag.Clone();
            byte[] a = (byte[])associated.Clone();
            switch (which)
            {
                case 0: data[50] ^= 1; break;
                case 1: t[15] ^= 0x80; break;
                default: a[0] ^= 4; break;
            }
            Assert.False(gcm.TryDecrypt(nonce, data, t, a));
            Assert.All(data, b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void NistGcmTestCase4MatchesItsCiphertextAndTag()
    {
        // The GCM specification's (McGrew & Viega) test case 4: AES-128, 60-byte plaintext, 20-byte AAD.
        var gcm = new AesGcmNi(Hex("feffe9928665731c6d6a8f9467308308"));
        byte[] data = Hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        byte[] tag = new byte[16];
        gcm.Encrypt(Hex("cafebabefacedbaddecaf888"), data, tag, Hex("feedfacedeadbeeffeedfacedeadbeefabaddad2"));
        Assert.Equal(Hex("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"), data);
        Assert.Equal(Hex("5bc94fbc3221a5db94fae95ae7121a47"), tag);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
