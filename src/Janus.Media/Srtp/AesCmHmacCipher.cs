using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Janus.Media.Srtp;

/// <summary>
/// One direction's session keys for the AES-CM + HMAC-SHA1 transforms (RFC 3711 §4.1.1, §4.2.1), either for
/// RTP or for RTCP. Reuses one AES transform and one HMAC instance. Not thread-safe.
/// </summary>
internal sealed class AesCmHmacCipher : IDisposable
{
    private const int HmacSha1Length = 20;

    private readonly AesCounterMode _aes;
    private readonly byte[] _salt = new byte[14];
    private readonly IncrementalHash _hmac;
    private readonly int _tagLength;

    public AesCmHmacCipher(ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt, ReadOnlySpan<byte> authKey, int tagLength)
    {
        _aes = new AesCounterMode(sessionKey);
        sessionSalt.CopyTo(_salt);
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authKey);
        _tagLength = tagLength;
    }

    public int TagLength => _tagLength;

    /// <summary>Encrypts or decrypts in place: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16) (§4.1.1).</summary>
    public void Crypt(Span<byte> data, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[16];
        _salt.CopyTo(iv);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        iv[8] ^= (byte)(index >> 40);
        iv[9] ^= (byte)(index >> 32);
        iv[10] ^= (byte)(index >> 24);
        iv[11] ^= (byte)(index >> 16);
        iv[12] ^= (byte)(index >> 8);
        iv[13] ^= (byte)index;
        _aes.Apply(iv, data);
    }

    /// <summary>
    /// Writes the truncated HMAC-SHA1 of <paramref name="authenticated"/>, followed for SRTP by the rollover
    /// counter (§4.2: M = Authenticated Portion || ROC), into <paramref name="tag"/>.
    /// </summary>
    public void ComputeTag(ReadOnlySpan<byte> authenticated, uint? roc, Span<byte> tag)
    {
        _hmac.AppendData(authenticated);
        if (roc is uint rolloverCounter)
        {
            Span<byte> rocBytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(rocBytes, rolloverCounter);
            _hmac.AppendData(rocBytes);
        }

        Span<byte> full = stackalloc byte[HmacSha1Length];
        _hmac.TryGetHashAndReset(full, out _);
        full[.._tagLength].CopyTo(tag);
    }

    public bool VerifyTag(ReadOnlySpan<byte> authenticated, uint? roc, ReadOnlySpan<byte> tag)
    {
        Span<byte> expected = stackalloc byte[HmacSha1Length];
        ComputeTag(authenticated, roc, expected);
        return CryptographicOperations.FixedTimeEquals(expected[.._tagLength], tag[.._tagLength]);
    }

    public void Dispose()
    {
        _aes.Dispose();
        _hmac.Dispose();
    }
}
