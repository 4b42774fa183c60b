using Janus.Media.Srtp;

namespace Janus.Media.Tests.Srtp;

/// <summary>The published test vectors: RFC 3711 Appendix B and RFC 7714 §16-17.</summary>
public sealed class SrtpKnownAnswerTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void AesCounterModeKeystreamMatchesRfc3711AppendixB2()
    {
        using var aes = new AesCounterMode(Hex("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] iv = Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        var keystream = new byte[1044512];
        aes.Apply(iv, keystream);

        Assert.Equal(Hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"),
            keystream[..48]);
        Assert.Equal(Hex("EC8CDF7398607CB0F2D21675EA9EA1E4 362B7C3C6773516318A077D7FC5073AE 6A2CC3787889374FBEB4C81B17BA6C44"),
            keystream[^48..]);
    }

    [Fact]
    public void SrtpCipherWithZeroSsrcAndIndexProducesTheAppendixB2Keystream()
    {
        using var cipher = new AesCmHmacCipher(Hex("2B7E151628AED2A6ABF7158809CF4F3C"), Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), new byte[20], 10);
        var data = new byte[48];
        cipher.Crypt(data, ssrc: 0, index: 0);
        Assert.Equal(Hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"), data);
    }

    [Fact]
    public void KeyDerivationMatchesRfc3711AppendixB3()
    {
        byte[] masterKey = Hex("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = Hex("0EC675AD498AFEEBB6960B3AABE6");

        var cipherKey = new byte[16];
        var cipherSalt = new byte[14];
        var authKey = new byte[94];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryptionLabel, cipherKey);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpSaltLabel, cipherSalt);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpAuthenticationLabel, authKey);

        Assert.Equal(Hex("C61E7A93744F39EE10734AFE3FF7A087"), cipherKey);
        Assert.Equal(Hex("30CBBC08863D8C85D49DB34A9AE1"), cipherSalt);
        Assert.Equal(Hex("CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE E049646C43D9327AD175578EF7227098"
            + "6371C10C9A369AC2F94A8C5FBCDDDC25 6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2"), authKey);
    }

    [Fact]
    public void SessionKeysUseTheFirst20BytesOfTheAuthLabelOutput()
    {
        var keys = SrtpSessionKeys.Derive(SrtpProfile.Aes128CmHmacSha1_80,
            Hex("E1F97A0D3E018BE0D64FA32C06DE4139"), Hex("0EC675AD498AFEEBB6960B3AABE6"));
        Assert.Equal(Hex("C61E7A93744F39EE10734AFE3FF7A087"), keys.RtpKey);
        Assert.Equal(Hex("30CBBC08863D8C85D49DB34A9AE1"), keys.RtpSalt);
        Assert.Equal(Hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), keys.RtpAuthKey);
    }

    // RFC 7714 §16: the shared plaintext RTP packet, "Gallia est omnis divisa in partes tres".
    private const string GcmRtp = "8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";
    private const string GcmKey128 = "000102030405060708090a0b0c0d0e0f";
    private const string GcmKey256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string GcmSalt = "517569642070726f2071756f";
    private const string GcmRtcp = "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";

    private static SrtpSession GcmSession(SrtpProfile profile, string key) => new(profile, new SrtpSessionKeys
    {
        RtpKey = Hex(key),
        RtpSalt = Hex(GcmSalt),
        RtpAuthKey = [],
        RtcpKey = Hex(key),
        RtcpSalt = Hex(GcmSalt),
        RtcpAuthKey = [],
    });

    public static TheoryData<string, string, string> RtpVectors => new()
    {
        { "128", GcmKey128, "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce" },
        { "256", GcmKey256, "8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13" },
    };

    [Theory]
    [MemberData(nameof(RtpVectors))]
    public void GcmProtectRtpMatchesRfc7714Section16(string bits, string key, string expected)
    {
        using var session = GcmSession(bits == "128" ? SrtpProfile.AeadAes128Gcm : SrtpProfile.AeadAes256Gcm, key);
        byte[] plain = Hex(GcmRtp);
        var buffer = new byte[plain.Length + 16];
        plain.CopyTo(buffer, 0);

        Assert.True(session.TryProtectRtp(buffer, plain.Length, out int length));
        Assert.Equal(Hex(expected), buffer[..length]);
    }

    [Theory]
    [MemberData(nameof(RtpVectors))]
    public void GcmUnprotectRtpMatchesRfc7714Section16(string bits, string key, string protectedPacket)
    {
        using var session = GcmSession(bits == "128" ? SrtpProfile.AeadAes128Gcm : SrtpProfile.AeadAes256Gcm, key);
        byte[] buffer = Hex(protectedPacket);

        Assert.True(session.TryUnprotectRtp(buffer, buffer.Length, out int length));
        Assert.Equal(Hex(GcmRtp), buffer[..length]);
    }

    [Fact]
    public void GcmProtectRtcpMatchesRfc7714Section17()
    {
        using var session = GcmSession(SrtpProfile.AeadAes128Gcm, GcmKey128);
        byte[] plain = Hex(GcmRtcp);
        var buffer = new byte[plain.Length + 20];
        plain.CopyTo(buffer, 0);
        session.SetNextSrtcpIndex(0x4d617273, 0x5d4);

        Assert.True(session.TryProtectRtcp(buffer, plain.Length, out int length));
        Assert.Equal(Hex("81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4"),
            buffer[..length]);
    }

    [Fact]
    public void GcmUnprotectRtcpMatchesRfc7714Section17()
    {
        using var session = GcmSession(SrtpProfile.AeadAes256Gcm, GcmKey256);
        byte[] buffer = Hex("81c8000d4d617273d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be800005d4");

        Assert.True(session.TryUnprotectRtcp(buffer, buffer.Length, out int length));
        Assert.Equal(Hex(GcmRtcp), buffer[..length]);
    }
}
