using System.Buffers.Binary;

namespace Janus.Media.Srtp;

public sealed partial class SrtpSession
{
    private const int RtpFixedHeaderLength = 12;

    /// <summary>
    /// Protects the RTP packet in <c>buffer[..length]</c> in place and appends the tag
    /// (<see cref="SrtpProfile.RtpOverhead"/> bytes; the buffer must have room).
    /// </summary>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength)
        => ProtectRtp(buffer, length, out protectedLength) == SrtpStatus.Ok;

    /// <summary>Checks and decrypts the SRTP packet in <c>buffer[..length]</c> in place; false on any failure.</summary>
    public bool TryUnprotectRtp(Span<byte> buffer, int length, out int plainLength)
        => UnprotectRtp(buffer, length, out plainLength) == SrtpStatus.Ok;

    /// <summary>RFC 3711 §3.3: encrypts the payload and appends the authentication tag.</summary>
    public SrtpStatus ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length)
        {
            return SrtpStatus.Malformed;
        }

        int headerLength = RtpHeaderLength(buffer[..length]);
        if (headerLength < 0)
        {
            return SrtpStatus.Malformed;
        }

        int tagLength = Profile.RtpAuthTagLength;
        if (buffer.Length - length < tagLength)
        {
            return SrtpStatus.BufferTooSmall;
        }

        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        var stream = GetOrAddStream(ssrc);
        if (stream is null)
        {
            return SrtpStatus.TooManyStreams;
        }

        long index = stream.EstimateIndex(seq);
        if (index < 0)
        {
            // Sent before the first packet of this stream (a late retransmission before any rollover):
            // it can only belong to ROC 0.
            index = seq;
        }
        else
        {
            stream.Advance(index);
        }

        uint roc = (uint)(index >> 16);
        Span<byte> tag = buffer.Slice(length, tagLength);
        if (_rtpGcm is not null)
        {
            Span<byte> nonce = stackalloc byte[AesGcmCipher.NonceLength];
            _rtpGcm.BuildRtpNonce(nonce, ssrc, roc, seq);
            _rtpGcm.Encrypt(nonce, buffer[headerLength..length], tag, buffer[..headerLength]);
        }
        else
        {
            _rtpCm!.Crypt(buffer[headerLength..length], ssrc, (ulong)index);
            _rtpCm.ComputeTag(buffer[..length], roc, tag);
        }

        protectedLength = length + tagLength;
        return SrtpStatus.Ok;
    }

    /// <summary>RFC 3711 §3.3: estimates the index, checks replay and the tag, then decrypts in place.</summary>
    public SrtpStatus UnprotectRtp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        if ((uint)length > (uint)buffer.Length)
        {
            return SrtpStatus.Malformed;
        }

        int tagLength = Profile.RtpAuthTagLength;
        int headerLength = RtpHeaderLength(buffer[..length]);
        if (headerLength < 0 || length - tagLength < headerLength)
        {
            return SrtpStatus.Malformed;
        }

        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        var stream = FindStream(ssrc);
        long index;
        if (stream is null)
        {
            // §3.3.1: the first packet of a stream sets s_l; its ROC is zero.
            index = seq;
        }
        else
        {
            index = stream.EstimateIndex(seq);
            if (index < 0)
            {
                return SrtpStatus.TooOld;
            }

            var replay = stream.RtpReplay.Check((ulong)index);
            if (replay != SrtpStatus.Ok)
            {
                return replay;
            }
        }

        uint roc = (uint)(index >> 16);
        int payloadEnd = length - tagLength;
        ReadOnlySpan<byte> tag = buffer.Slice(payloadEnd, tagLength);
        if (_rtpGcm is not null)
        {
            Span<byte> nonce = stackalloc byte[AesGcmCipher.NonceLength];
            _rtpGcm.BuildRtpNonce(nonce, ssrc, roc, seq);
            if (!_rtpGcm.TryDecrypt(nonce, buffer[headerLength..payloadEnd], tag, buffer[..headerLength]))
            {
                return SrtpStatus.AuthenticationFailed;
            }
        }
        else
        {
            if (!_rtpCm!.VerifyTag(buffer[..payloadEnd], roc, tag))
            {
                return SrtpStatus.AuthenticationFailed;
            }

            _rtpCm.Crypt(buffer[headerLength..payloadEnd], ssrc, (ulong)index);
        }

        stream ??= GetOrAddStream(ssrc);
        if (stream is null)
        {
            return SrtpStatus.TooManyStreams;
        }

        stream.Advance(index);
        stream.RtpReplay.Accept((ulong)index);
        plainLength = payloadEnd;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Length of the RTP header including CSRCs and the header extension (RFC 3550 §5.1, §5.3.1),
    /// or -1 when the packet is not RTP version 2 or the header runs past the end.
    /// </summary>
    internal static int RtpHeaderLength(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < RtpFixedHeaderLength || (packet[0] >> 6) != 2)
        {
            return -1;
        }

        int length = RtpFixedHeaderLength + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return -1;
            }

            length += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]);
        }

        return length <= packet.Length ? length : -1;
    }
}
