using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Janus.Media.Dtls;
using Janus.Media.Tests.Dtls.Infrastructure;

namespace Janus.Media.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void GeneratedCertificate_FingerprintMatchesDotNetsSha256()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate();

        using var x509 = X509CertificateLoader.LoadCertificate(certificate.CertificateDer);
        string expected = string.Join(":", x509.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2")));
        Assert.Equal("sha-256", certificate.Fingerprint.Algorithm);
        Assert.Equal(expected, certificate.Fingerprint.Value);
        Assert.Equal(95, certificate.Fingerprint.Value.Length);
    }

    [Fact]
    public void GeneratedCertificate_IsSelfSignedEcdsaP256_ValidForAboutThirtyDays()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate();

        using var x509 = X509CertificateLoader.LoadCertificate(certificate.CertificateDer);
        Assert.Equal("CN=JanusCS", x509.Subject);
        Assert.Equal(x509.Subject, x509.Issuer);
        using ECDsa? key = x509.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal("1.2.840.10045.3.1.7", key.ExportParameters(false).Curve.Oid.Value); // secp256r1, named
        Assert.Equal("1.2.840.10045.4.3.2", x509.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        Assert.InRange((x509.NotAfter.ToUniversalTime() - DateTime.UtcNow).TotalDays, 29.9, 30.1);
        Assert.True(x509.NotBefore.ToUniversalTime() < DateTime.UtcNow);
        Assert.True(certificate.IsEcdsa);
        // Self-signed: it chains to itself as the only trusted root, which checks its signature.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(x509);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(x509), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void GeneratedCertificates_HaveRandomSerialsAndKeys()
    {
        DtlsCertificate first = DtlsCertificate.Generate();
        DtlsCertificate second = DtlsCertificate.Generate();

        using var a = X509CertificateLoader.LoadCertificate(first.CertificateDer);
        using var b = X509CertificateLoader.LoadCertificate(second.CertificateDer);
        Assert.NotEqual(a.SerialNumber, b.SerialNumber);
        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
    }

    [Fact]
    public void FromPem_LoadsEcKeys_Traditional_Pkcs8_AndEncryptedPkcs8()
    {
        using ECDsa ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string certificatePem = SelfSigned(new CertificateRequest("CN=ec", ec, HashAlgorithmName.SHA256));
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10000);

        DtlsCertificate traditional = DtlsCertificate.FromPem(certificatePem, ec.ExportECPrivateKeyPem());
        DtlsCertificate pkcs8 = DtlsCertificate.FromPem(certificatePem, ec.ExportPkcs8PrivateKeyPem());
        DtlsCertificate encrypted = DtlsCertificate.FromPem(certificatePem, ec.ExportEncryptedPkcs8PrivateKeyPem("s3cret", pbe), "s3cret");

        Assert.All([traditional, pkcs8, encrypted], c => Assert.True(c.IsEcdsa));
        Assert.Equal(traditional.Fingerprint, encrypted.Fingerprint);
    }

    [Fact]
    public void FromPem_LoadsRsaKeys_Traditional_Pkcs8_AndEncryptedPkcs8()
    {
        using RSA rsa = RSA.Create(2048);
        string certificatePem = SelfSigned(new CertificateRequest("CN=rsa", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 10000);

        DtlsCertificate traditional = DtlsCertificate.FromPem(certificatePem, rsa.ExportRSAPrivateKeyPem());
        DtlsCertificate pkcs8 = DtlsCertificate.FromPem(certificatePem, rsa.ExportPkcs8PrivateKeyPem());
        DtlsCertificate encrypted = DtlsCertificate.FromPem(certificatePem, rsa.ExportEncryptedPkcs8PrivateKeyPem("pw", pbe), "pw");

        Assert.All([traditional, pkcs8, encrypted], c => Assert.False(c.IsEcdsa));
    }

    [Fact]
    public void FromPem_LoadsOpenSslEncryptedTraditionalKeys()
    {
        if (!OpenSsl.IsAvailable)
        {
            Assert.Fail("openssl CLI not found; this test needs it to produce Proc-Type: 4,ENCRYPTED keys");
        }
        using var directory = new TempDirectory();
        foreach (string algorithm in new[] { "ec", "rsa" })
        {
            string key = Path.Combine(directory.Path, algorithm + ".key");
            string plain = Path.Combine(directory.Path, algorithm + "-plain.key");
            string cert = Path.Combine(directory.Path, algorithm + ".crt");
            string newKey = algorithm == "ec" ? "ec -pkeyopt ec_paramgen_curve:prime256v1" : "rsa:2048";
            OpenSsl.Run($"req -x509 -newkey {newKey} -nodes -keyout {plain} -out {cert} -days 2 -subj /CN={algorithm}");
            OpenSsl.Run($"{algorithm} -in {plain} -out {key} -aes256 -passout pass:hunter2" + (algorithm == "rsa" ? " -traditional" : ""));
            Assert.Contains("Proc-Type: 4,ENCRYPTED", File.ReadAllText(key));

            DtlsCertificate loaded = DtlsCertificate.LoadPem(cert, key, "hunter2");

            Assert.Equal(algorithm == "ec", loaded.IsEcdsa);
            Assert.Throws<InvalidDataException>(() => DtlsCertificate.LoadPem(cert, key, "wrong"));
            Assert.Throws<InvalidDataException>(() => DtlsCertificate.LoadPem(cert, key));
        }
    }

    [Fact]
    public void FromPem_RefusesAKeyThatDoesNotMatchTheCertificate()
    {
        using ECDsa ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string certificatePem = SelfSigned(new CertificateRequest("CN=ec", ec, HashAlgorithmName.SHA256));

        Assert.Throws<InvalidDataException>(() => DtlsCertificate.FromPem(certificatePem, other.ExportECPrivateKeyPem()));
        Assert.Throws<InvalidDataException>(() => DtlsCertificate.FromPem("not a pem", ec.ExportECPrivateKeyPem()));
        Assert.Throws<InvalidDataException>(() => DtlsCertificate.FromPem(certificatePem, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
    }

    private static string SelfSigned(CertificateRequest request)
    {
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        return certificate.ExportCertificatePem();
    }
}
