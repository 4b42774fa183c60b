using System.Buffers.Binary;

namespace Janus.Media.Srtp;

public sealed partial class SrtpSession
{
    private const int RtcpHeaderLength = 8;
    private const int SrtcpIndexLength = 4;
    private const uint EncryptedFlag = 0x8000_0000;

    /// <summary>
    /// Protects the (compound) RTCP packet in <c>buffer[..length]</c> in place, appending the E flag and
    /// SRTCP index word and the tag (<see cref="SrtpProfile.RtcpOverhead"/> bytes; the buffer must have room).
    /// </summary>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
        => ProtectRtcp(buffer, length, out protectedLength) == SrtpStatus.Ok;

    /// <summary>Checks and decrypts the SRTCP packet in <c>buffer[..length]</c> in place; false on any failure.</summary>
    public bool TryUnprotectRtcp(Span<byte> buffer, int length, out int plainLength)
        => UnprotectRtcp(buffer, length, out plainLength) == SrtpStatus.Ok;

    /// <summary>RFC 3711 §3.4 (RFC 7714 §9 for AEAD): always encrypts (E = 1).</summary>
    public SrtpStatus ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length || length < RtcpHeaderLength || (buffer[0] >> 6) != 2)
        {
            return SrtpStatus.Malformed;
        }

        int tagLength = Profile.RtcpAuthTagLength;
        if (buffer.Length - length < tagLength + SrtcpIndexLength)
        {
            return SrtpStatus.BufferTooSmall;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        var stream = GetOrAddStream(ssrc);
        if (stream is null)
        {
            return SrtpStatus.TooManyStreams;
        }

        long next = stream.NextSrtcpIndex();
        if (next < 0)
        {
            return SrtpStatus.IndexExhausted;
        }

        uint index = (uint)next;
        uint trailer = EncryptedFlag | index;
        if (_rtcpGcm is not null)
        {
            // RFC 7714 §9.1: AAD = first 8 octets || E + SRTCP index; the tag precedes the index word.
            Span<byte> nonce = stackalloc byte[AesGcmCipher.NonceLength];
            Span<byte> aad = stackalloc byte[RtcpHeaderLength + SrtcpIndexLength];
            buffer[..RtcpHeaderLength].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpHeaderLength..], trailer);
            _rtcpGcm.BuildRtcpNonce(nonce, ssrc, index);
            _rtcpGcm.Encrypt(nonce, buffer[RtcpHeaderLength..length], buffer.Slice(length, tagLength), aad);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[(length + tagLength)..], trailer);
        }
        else
        {
            _rtcpCm!.Crypt(buffer[RtcpHeaderLength..length], ssrc, index);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], trailer);
            _rtcpCm.ComputeTag(buffer[..(length + SrtcpIndexLength)], null, buffer.Slice(length + SrtcpIndexLength, tagLength));
        }

        protectedLength = length + SrtcpIndexLength + tagLength;
        return SrtpStatus.Ok;
    }

    /// <summary>RFC 3711 §3.4 (RFC 7714 §9 for AEAD): accepts encrypted and unencrypted (E = 0) SRTCP.</summary>
    public SrtpStatus UnprotectRtcp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        int tagLength = Profile.RtcpAuthTagLength;
        if ((uint)length > (uint)buffer.Length || length < RtcpHeaderLength + SrtcpIndexLength + tagLength
            || (buffer[0] >> 6) != 2)
        {
            return SrtpStatus.Malformed;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        int plainEnd = length - SrtcpIndexLength - tagLength;
        // The index word comes after the tag for AEAD (RFC 7714 §9.1) and before it for AES-CM (RFC 3711 §3.4).
        int trailerOffset = _rtcpGcm is not null ? length - SrtcpIndexLength : plainEnd;
        uint trailer = BinaryPrimitives.ReadUInt32BigEndian(buffer[trailerOffset..]);
        bool encrypted = (trailer & EncryptedFlag) != 0;
        uint index = trailer & SrtpStreamState.MaxSrtcpIndex;

        var stream = FindStream(ssrc);
        if (stream is not null)
        {
            var replay = stream.RtcpReplay.Check(index);
            if (replay != SrtpStatus.Ok)
            {
                return replay;
            }
        }

        if (_rtcpGcm is not null)
        {
            if (!UnprotectRtcpAead(buffer, plainEnd, ssrc, index, trailer, encrypted))
            {
                return SrtpStatus.AuthenticationFailed;
            }
        }
        else
        {
            if (!_rtcpCm!.VerifyTag(buffer[..(plainEnd + SrtcpIndexLength)], null, buffer.Slice(plainEnd + SrtcpIndexLength, tagLength)))
            {
                return SrtpStatus.AuthenticationFailed;
            }

            if (encrypted)
            {
                _rtcpCm.Crypt(buffer[RtcpHeaderLength..plainEnd], ssrc, index);
            }
        }

        stream ??= GetOrAddStream(ssrc);
        if (stream is null)
        {
            return SrtpStatus.TooManyStreams;
        }

        stream.RtcpReplay.Accept(index);
        plainLength = plainEnd;
        return SrtpStatus.Ok;
    }

    private bool UnprotectRtcpAead(Span<byte> buffer, int plainEnd, uint ssrc, uint index, uint trailer, bool encrypted)
    {
        Span<byte> nonce = stackalloc byte[AesGcmCipher.NonceLength];
        Span<byte> tag = stackalloc byte[AesGcmCipher.TagLength];
        _rtcpGcm!.BuildRtcpNonce(nonce, ssrc, index);
        buffer.Slice(plainEnd, AesGcmCipher.TagLength).CopyTo(tag);
        if (encrypted)
        {
            Span<byte> aad = stackalloc byte[RtcpHeaderLength + SrtcpIndexLength];
            buffer[..RtcpHeaderLength].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpHeaderLength..], trailer);
            return _rtcpGcm.TryDecrypt(nonce, buffer[RtcpHeaderLength..plainEnd], tag, aad);
        }

        // RFC 7714 §9.2, E = 0: the whole packet and the index word are AAD and nothing is encrypted. Moving the
        // index word over the saved tag makes the AAD contiguous; the tail is cut off on success anyway.
        BinaryPrimitives.WriteUInt32BigEndian(buffer[plainEnd..], trailer);
        return _rtcpGcm.TryDecrypt(nonce, Span<byte>.Empty, tag, buffer[..(plainEnd + SrtcpIndexLength)]);
    }
}
