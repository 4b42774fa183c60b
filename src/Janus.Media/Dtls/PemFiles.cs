using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.X509;

namespace Janus.Media.Dtls;

/// <summary>Reading certificates and keys out of PEM text with BouncyCastle's OpenSSL reader.</summary>
internal static class PemFiles
{
    public static X509CertificateStructure[] ReadCertificates(string pem)
    {
        var certificates = new List<X509CertificateStructure>();
        try
        {
            using var reader = new PemReader(new StringReader(pem));
            object? item;
            while ((item = reader.ReadObject()) is not null)
            {
                if (item is X509Certificate certificate)
                {
                    certificates.Add(certificate.CertificateStructure);
                }
            }
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException("unreadable certificate PEM: " + e.Message, e);
        }
        if (certificates.Count == 0)
        {
            throw new InvalidDataException("no CERTIFICATE found in the certificate PEM");
        }
        return certificates.ToArray();
    }

    public static AsymmetricKeyParameter ReadPrivateKey(string pem, string? passphrase)
    {
        try
        {
            using var reader = new PemReader(new StringReader(pem), new Passphrase(passphrase));
            object? item;
            while ((item = reader.ReadObject()) is not null)
            {
                switch (item)
                {
                    case AsymmetricCipherKeyPair pair:
                        return pair.Private;
                    case AsymmetricKeyParameter { IsPrivate: true } key:
                        return key;
                }
            }
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException("unreadable private key PEM (wrong or missing passphrase?): " + e.Message, e);
        }
        throw new InvalidDataException("no private key found in the key PEM");
    }

    public static bool KeyPairMatches(AsymmetricKeyParameter publicKey, AsymmetricKeyParameter privateKey) =>
        (publicKey, privateKey) switch
        {
            (ECPublicKeyParameters ecPublic, ECPrivateKeyParameters ecPrivate) =>
                ecPrivate.Parameters.G.Multiply(ecPrivate.D).Normalize().Equals(ecPublic.Q.Normalize()),
            (RsaKeyParameters rsaPublic, RsaPrivateCrtKeyParameters rsaPrivate) =>
                rsaPublic.Modulus.Equals(rsaPrivate.Modulus) && rsaPublic.Exponent.Equals(rsaPrivate.PublicExponent),
            _ => false,
        };

    private sealed class Passphrase(string? text) : IPasswordFinder
    {
        // Returning null makes the reader report that a password is required.
        public char[]? GetPassword() => text?.ToCharArray();
    }
}
