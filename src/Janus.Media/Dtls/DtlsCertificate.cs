using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Janus.Media.Dtls;

/// <summary>
/// The certificate and key this server shows in every DTLS handshake, one for the whole process (as Janus does).
/// Either generated at start (ECDSA P-256, self-signed: what browsers generate for themselves) or loaded from
/// PEM files (janus.jcfg <c>certificates.cert_pem/cert_key/cert_pwd</c>, command line <c>-c -k -K</c>).
/// </summary>
public sealed class DtlsCertificate
{
    /// <summary>The subject Janus-compatible servers put in their generated certificate.</summary>
    public const string DefaultCommonName = "JanusCS";

    private DtlsCertificate(X509CertificateStructure[] chain, AsymmetricKeyParameter privateKey)
    {
        Chain = chain;
        PrivateKey = privateKey;
        CertificateDer = chain[0].GetEncoded();
        Fingerprint = DtlsFingerprint.Compute("sha-256", CertificateDer);
    }

    /// <summary>The DER encoding of our (leaf) certificate.</summary>
    public byte[] CertificateDer { get; }

    /// <summary>The SHA-256 fingerprint for SDP's <c>a=fingerprint</c>.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>Whether the key is ECDSA (else RSA): decides which ECDHE cipher suites we can serve.</summary>
    public bool IsEcdsa => PrivateKey is ECPrivateKeyParameters;

    internal X509CertificateStructure[] Chain { get; }
    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>
    /// A fresh self-signed ECDSA P-256 certificate with a random serial. Valid from a day ago (clock skew
    /// between peers) for <paramref name="validity"/> (30 days if null).
    /// </summary>
    public static DtlsCertificate Generate(string commonName = DefaultCommonName, TimeSpan? validity = null)
    {
        var random = new SecureRandom();
        var keyGenerator = new ECKeyPairGenerator("ECDSA");
        // A named curve (not explicit parameters): browsers reject certificates with explicit EC parameters.
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        AsymmetricCipherKeyPair keyPair = keyGenerator.GenerateKeyPair();

        var name = new X509Name("CN=" + commonName);
        var certificateGenerator = new X509V3CertificateGenerator();
        // RFC 5280 §4.1.2.2: positive, at most 20 octets.
        certificateGenerator.SetSerialNumber(new BigInteger(64, random).Add(BigInteger.One));
        certificateGenerator.SetIssuerDN(name);
        certificateGenerator.SetSubjectDN(name);
        DateTime now = DateTime.UtcNow;
        certificateGenerator.SetNotBefore(now.AddDays(-1));
        certificateGenerator.SetNotAfter(now.Add(validity ?? TimeSpan.FromDays(30)));
        certificateGenerator.SetPublicKey(keyPair.Public);

        X509Certificate certificate = certificateGenerator.Generate(
            new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new DtlsCertificate([certificate.CertificateStructure], keyPair.Private);
    }

    /// <summary>
    /// Loads a certificate (chain, leaf first) and its private key from PEM files. The key may be PKCS#8
    /// (<c>PRIVATE KEY</c>, <c>ENCRYPTED PRIVATE KEY</c>) or traditional OpenSSL (<c>EC/RSA PRIVATE KEY</c>,
    /// optionally with <c>Proc-Type: 4,ENCRYPTED</c>); <paramref name="passphrase"/> opens encrypted ones.
    /// Throws <see cref="InvalidDataException"/> when the files are unusable or the key does not match.
    /// </summary>
    public static DtlsCertificate LoadPem(string certificatePath, string keyPath, string? passphrase = null) =>
        FromPem(File.ReadAllText(certificatePath), File.ReadAllText(keyPath), passphrase);

    /// <summary>As <see cref="LoadPem"/>, from PEM text.</summary>
    public static DtlsCertificate FromPem(string certificatePem, string keyPem, string? passphrase = null)
    {
        X509CertificateStructure[] chain = PemFiles.ReadCertificates(certificatePem);
        AsymmetricKeyParameter privateKey = PemFiles.ReadPrivateKey(keyPem, passphrase);
        if (privateKey is not (ECPrivateKeyParameters or RsaPrivateCrtKeyParameters))
        {
            throw new InvalidDataException("the private key must be EC or RSA");
        }
        AsymmetricKeyParameter publicKey = new X509Certificate(chain[0]).GetPublicKey();
        if (!PemFiles.KeyPairMatches(publicKey, privateKey))
        {
            throw new InvalidDataException("the private key does not match the certificate");
        }
        return new DtlsCertificate(chain, privateKey);
    }
}
