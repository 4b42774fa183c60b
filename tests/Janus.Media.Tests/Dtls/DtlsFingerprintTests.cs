using Janus.Media.Dtls;

namespace Janus.Media.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    [Fact]
    public void TryParse_ReadsAnSdpFingerprint_AndFormatsItBack()
    {
        DtlsFingerprint? parsed = DtlsFingerprint.TryParse("SHA-256 ab:CD:01:23:45:67:89:ab:cd:ef:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55");

        Assert.NotNull(parsed);
        Assert.Equal("sha-256", parsed.Algorithm);
        Assert.Equal("sha-256 AB:CD:01:23:45:67:89:AB:CD:EF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55", parsed.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("md5 AB:CD")]
    [InlineData("sha-256 ABCD")]
    [InlineData("sha-256 AB:C")]
    [InlineData("sha-256 AB:CD:")]
    [InlineData("sha-256 XY:CD")]
    [InlineData("sha-256 AB:CD extra")]
    public void TryParse_RefusesMalformedValues(string? value)
    {
        Assert.Null(DtlsFingerprint.TryParse(value));
    }

    [Fact]
    public void Matches_ComparesTheDigestOfTheCertificate_IgnoringCase()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate();
        var lower = new DtlsFingerprint("sha-256", certificate.Fingerprint.Value.ToLowerInvariant());

        Assert.True(lower.Matches(certificate.CertificateDer));
        Assert.True(DtlsFingerprint.Compute("sha-1", certificate.CertificateDer).Matches(certificate.CertificateDer));
        Assert.False(DtlsCertificate.Generate().Fingerprint.Matches(certificate.CertificateDer));
        Assert.False(new DtlsFingerprint("md5", "AB").Matches(certificate.CertificateDer));
    }

    [Fact]
    public void TryParse_SurvivesRandomInput()
    {
        var random = new Random(99);
        const string alphabet = "sha-256 :0123456789ABCDEFabcdefxyz\t";
        for (int i = 0; i < 20000; i++)
        {
            char[] text = new char[random.Next(0, 120)];
            for (int j = 0; j < text.Length; j++)
            {
                text[j] = alphabet[random.Next(alphabet.Length)];
            }
            DtlsFingerprint? parsed = DtlsFingerprint.TryParse(new string(text));
            if (parsed is not null)
            {
                Assert.True(DtlsFingerprint.IsSupportedAlgorithm(parsed.Algorithm));
            }
        }
    }
}
