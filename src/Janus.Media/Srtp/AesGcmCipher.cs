using System.Security.Cryptography;

namespace Janus.Media.Srtp;

/// <summary>
/// One direction's session key for the AEAD AES-GCM transforms (RFC 7714), for RTP or for RTCP: our own
/// <see cref="AesGcmNi"/> where the CPU has AES-NI and PCLMULQDQ, .NET's <see cref="AesGcm"/> (OpenSSL) elsewhere.
/// Not thread-safe.
/// </summary>
internal sealed class AesGcmCipher : IDisposable
{
    public const int TagLength = 16;
    public const int NonceLength = 12;

    private readonly AesGcmNi? _ni;
    private readonly AesGcm? _gcm;
    private readonly byte[] _salt = new byte[NonceLength];

    public AesGcmCipher(ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt, bool useIntrinsics = true)
    {
        if (useIntrinsics && AesGcmNi.IsSupported)
        {
            _ni = new AesGcmNi(sessionKey);
        }
        else
        {
            _gcm = new AesGcm(sessionKey, TagLength);
        }
        sessionSalt[..NonceLength].CopyTo(_salt);
    }

    /// <summary>RFC 7714 §8.1: 00 00 || SSRC || ROC || SEQ, XOR the session salt.</summary>
    public void BuildRtpNonce(Span<byte> nonce, uint ssrc, uint roc, ushort seq)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        WriteUInt32(nonce[2..], ssrc);
        WriteUInt32(nonce[6..], roc);
        nonce[10] = (byte)(seq >> 8);
        nonce[11] = (byte)seq;
        XorSalt(nonce);
    }

    /// <summary>RFC 7714 §9.1: 00 00 || SSRC || 00 00 || 0 + SRTCP index, XOR the session salt.</summary>
    public void BuildRtcpNonce(Span<byte> nonce, uint ssrc, uint srtcpIndex)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        WriteUInt32(nonce[2..], ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        WriteUInt32(nonce[8..], srtcpIndex & SrtpStreamState.MaxSrtcpIndex);
        XorSalt(nonce);
    }

    public void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        if (_ni is not null)
        {
            _ni.Encrypt(nonce, data, tag, associatedData);
            return;
        }
        _gcm!.Encrypt(nonce, data, data, tag, associatedData);
    }

    /// <summary>Decrypts in place; false when the tag does not verify (the data is then zeroed).</summary>
    public bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        if (_ni is not null)
        {
            return _ni.TryDecrypt(nonce, data, tag, associatedData);
        }
        try
        {
            // AesGcm has no non-throwing decrypt; forged packets are rare once DTLS has bound the 5-tuple.
            _gcm!.Decrypt(nonce, data, tag, data, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    private void XorSalt(Span<byte> nonce)
    {
        for (int i = 0; i < NonceLength; i++)
        {
            nonce[i] ^= _salt[i];
        }
    }

    private static void WriteUInt32(Span<byte> destination, uint value)
    {
        destination[0] = (byte)(value >> 24);
        destination[1] = (byte)(value >> 16);
        destination[2] = (byte)(value >> 8);
        destination[3] = (byte)value;
    }

    public void Dispose() => _gcm?.Dispose();
}
