using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Janus.Media.Dtls;

/// <summary>
/// BouncyCastle's crypto, except that a record failing to decrypt for any reason is silently discarded.
/// </summary>
/// <remarks>
/// RFC 6347 §4.1.2.7 and RFC 9146 §6: DTLS implementations silently discard invalid records, because
/// anyone can put a datagram on the 5-tuple. BouncyCastle's record layer discards only bad_record_mac; a
/// ciphertext too short for the AEAD nonce and tag raises decode_error and fails the whole connection. So every
/// cipher it creates is wrapped to report any decoding failure as bad_record_mac.
/// </remarks>
internal sealed class DiscardingTlsCrypto(SecureRandom random) : BcTlsCrypto(random)
{
    public override TlsCipher CreateCipher(TlsCryptoParameters cryptoParams, int encryptionAlgorithm, int macAlgorithm) =>
        new DiscardInvalidRecordsCipher(base.CreateCipher(cryptoParams, encryptionAlgorithm, macAlgorithm));

    private sealed class DiscardInvalidRecordsCipher(TlsCipher inner) : TlsCipher, TlsCipherExt
    {
        public bool UsesOpaqueRecordType => inner.UsesOpaqueRecordType;

        public TlsDecodeResult DecodeCiphertext(long seqNo, short recordType, ProtocolVersion recordVersion,
            byte[] ciphertext, int offset, int len)
        {
            try
            {
                return inner.DecodeCiphertext(seqNo, recordType, recordVersion, ciphertext, offset, len);
            }
            catch (TlsFatalAlert alert) when (alert.AlertDescription != AlertDescription.bad_record_mac)
            {
                throw new TlsFatalAlert(AlertDescription.bad_record_mac, alert);
            }
        }

        public TlsEncodeResult EncodePlaintext(long seqNo, short contentType, ProtocolVersion recordVersion,
            int headerAllocation, byte[] plaintext, int offset, int len) =>
            inner.EncodePlaintext(seqNo, contentType, recordVersion, headerAllocation, plaintext, offset, len);

        public TlsEncodeResult EncodePlaintext(long seqNo, short contentType, ProtocolVersion recordVersion,
            int headerAllocation, ReadOnlySpan<byte> plaintext) =>
            inner.EncodePlaintext(seqNo, contentType, recordVersion, headerAllocation, plaintext);

        public int GetCiphertextDecodeLimit(int plaintextLimit) => inner.GetCiphertextDecodeLimit(plaintextLimit);

        public int GetCiphertextEncodeLimit(int plaintextLength, int plaintextLimit) =>
            inner.GetCiphertextEncodeLimit(plaintextLength, plaintextLimit);

        public int GetPlaintextLimit(int ciphertextLimit) => inner.GetPlaintextLimit(ciphertextLimit);

        public int GetPlaintextDecodeLimit(int ciphertextLimit) => inner is TlsCipherExt ext
            ? ext.GetPlaintextDecodeLimit(ciphertextLimit)
            : inner.GetPlaintextLimit(ciphertextLimit);

        public int GetPlaintextEncodeLimit(int ciphertextLimit) => inner is TlsCipherExt ext
            ? ext.GetPlaintextEncodeLimit(ciphertextLimit)
            : inner.GetPlaintextLimit(ciphertextLimit);

        public void RekeyDecoder() => inner.RekeyDecoder();

        public void RekeyEncoder() => inner.RekeyEncoder();
    }
}
