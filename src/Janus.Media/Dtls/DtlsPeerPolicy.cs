using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Janus.Media.Dtls;

/// <summary>What our client and our server agree on: cipher suites, credentials, signature algorithms.</summary>
internal static class DtlsPeerPolicy
{
    // What Chromium and Firefox offer for DTLS 1.2, AEAD first; the CBC suites are fallbacks for older stacks.
    public static readonly int[] EcdsaCipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    ];

    public static readonly int[] RsaCipherSuites =
    [
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
    ];

    /// <summary>As a client we do not know the server's key type, so we offer both families.</summary>
    public static readonly int[] ClientCipherSuites = [.. EcdsaCipherSuites, .. RsaCipherSuites];

    public static short SignatureAlgorithmOf(DtlsCertificate certificate) =>
        certificate.IsEcdsa ? SignatureAlgorithm.ecdsa : SignatureAlgorithm.rsa;

    /// <summary>
    /// Our certificate and a signer for it. The hash is SHA-256 unless the peer's signature_algorithms
    /// (RFC 5246 §7.4.1.4.1) leave that out, then the first one it lists for our key type.
    /// </summary>
    public static TlsCredentialedSigner CreateSigner(TlsContext context, BcTlsCrypto crypto, DtlsCertificate certificate,
        IList<SignatureAndHashAlgorithm>? peerAlgorithms)
    {
        var entries = new TlsCertificate[certificate.Chain.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = new BcTlsCertificate(crypto, certificate.Chain[i]);
        }
        short signature = SignatureAlgorithmOf(certificate);
        SignatureAndHashAlgorithm algorithm = Choose(signature, peerAlgorithms);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.PrivateKey,
            new Certificate(entries), algorithm);
    }

    private static SignatureAndHashAlgorithm Choose(short signature, IList<SignatureAndHashAlgorithm>? peerAlgorithms)
    {
        var preferred = new SignatureAndHashAlgorithm(HashAlgorithm.sha256, signature);
        if (peerAlgorithms is null || peerAlgorithms.Count == 0 || peerAlgorithms.Contains(preferred))
        {
            return preferred;
        }
        foreach (SignatureAndHashAlgorithm candidate in peerAlgorithms)
        {
            if (candidate.Signature == signature && candidate.Hash is HashAlgorithm.sha384 or HashAlgorithm.sha512 or HashAlgorithm.sha1)
            {
                return candidate;
            }
        }
        return preferred;
    }
}
