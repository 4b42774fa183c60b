using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Janus.Media.Ice.Stun;

/// <summary>
/// Builds a STUN message into a caller's buffer (RFC 8489 §5, §14). Add attributes in order, then
/// MESSAGE-INTEGRITY, then FINGERPRINT; <see cref="Length"/> is the size to send.
/// Throws only when the buffer is too small, which is a programming error (callers size buffers for ICE checks).
/// </summary>
internal ref struct StunWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public StunWriter(Span<byte> buffer, ushort type, ReadOnlySpan<byte> transactionId)
    {
        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, type);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.Slice(2), 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(4), StunConstants.MagicCookie);
        transactionId.CopyTo(buffer.Slice(8, StunConstants.TransactionIdLength));
        _length = StunConstants.HeaderLength;
    }

    /// <summary>The byte used to pad attributes to 32 bits; RFC 8489 §14 lets it be anything (RFC 5769 uses spaces).</summary>
    public byte PaddingByte { get; set; }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> TransactionId => _buffer.Slice(8, StunConstants.TransactionIdLength);

    public readonly ReadOnlySpan<byte> Written => _buffer.Slice(0, _length);

    public void AddAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        Span<byte> v = Begin(type, value.Length);
        value.CopyTo(v);
        End(value.Length);
    }

    public void AddUsername(string localUfragColonRemote)
    {
        int byteCount = Encoding.UTF8.GetByteCount(localUfragColonRemote);
        Span<byte> v = Begin(StunAttributeType.Username, byteCount);
        Encoding.UTF8.GetBytes(localUfragColonRemote, v);
        End(byteCount);
    }

    /// <summary>USERNAME as "remote:local" built from two parts without concatenating strings.</summary>
    public void AddUsername(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        int byteCount = first.Length + 1 + second.Length;
        Span<byte> v = Begin(StunAttributeType.Username, byteCount);
        first.CopyTo(v);
        v[first.Length] = (byte)':';
        second.CopyTo(v.Slice(first.Length + 1));
        End(byteCount);
    }

    public void AddUInt32(ushort type, uint value)
    {
        Span<byte> v = Begin(type, 4);
        BinaryPrimitives.WriteUInt32BigEndian(v, value);
        End(4);
    }

    public void AddUInt64(ushort type, ulong value)
    {
        Span<byte> v = Begin(type, 8);
        BinaryPrimitives.WriteUInt64BigEndian(v, value);
        End(8);
    }

    public void AddFlag(ushort type)
    {
        Begin(type, 0);
        End(0);
    }

    public void AddXorMappedAddress(ReadOnlySpan<byte> addressBytes, int port) =>
        AddAddress(StunAttributeType.XorMappedAddress, addressBytes, port, xor: true);

    public void AddAddress(ushort type, ReadOnlySpan<byte> addressBytes, int port, bool xor)
    {
        int valueLength = 4 + addressBytes.Length;
        Span<byte> v = Begin(type, valueLength);
        StunAddressCodec.Encode(v, addressBytes, port, xor, TransactionId);
        End(valueLength);
    }

    /// <summary>RFC 8489 §14.8: class and number, then a UTF-8 reason phrase.</summary>
    public void AddErrorCode(int code, string reason)
    {
        int reasonBytes = Encoding.UTF8.GetByteCount(reason);
        Span<byte> v = Begin(StunAttributeType.ErrorCode, 4 + reasonBytes);
        v[0] = 0;
        v[1] = 0;
        v[2] = (byte)(code / 100);
        v[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, v.Slice(4));
        End(4 + reasonBytes);
    }

    /// <summary>RFC 8489 §14.5: the header length counts MESSAGE-INTEGRITY itself when the HMAC is taken.</summary>
    public void AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int start = _length;
        SetHeaderLength(start + 4 + StunConstants.MessageIntegrityLength);
        Span<byte> v = Begin(StunAttributeType.MessageIntegrity, StunConstants.MessageIntegrityLength);
        HMACSHA1.HashData(key, _buffer.Slice(0, start), v);
        End(StunConstants.MessageIntegrityLength);
    }

    /// <summary>RFC 8489 §14.7: CRC-32 of the message so far (header length already counting FINGERPRINT), XOR 0x5354554E.</summary>
    public void AddFingerprint()
    {
        int start = _length;
        SetHeaderLength(start + 8);
        uint crc = Crc32.Compute(_buffer.Slice(0, start)) ^ StunConstants.FingerprintXor;
        Span<byte> v = Begin(StunAttributeType.Fingerprint, 4);
        BinaryPrimitives.WriteUInt32BigEndian(v, crc);
        End(4);
    }

    private Span<byte> Begin(ushort type, int valueLength)
    {
        int padded = (valueLength + 3) & ~3;
        if (_length + 4 + padded > _buffer.Length)
        {
            throw new InvalidOperationException("STUN buffer too small.");
        }
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(_length), type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(_length + 2), (ushort)valueLength);
        return _buffer.Slice(_length + 4, valueLength);
    }

    private void End(int valueLength)
    {
        int padded = (valueLength + 3) & ~3;
        _buffer.Slice(_length + 4 + valueLength, padded - valueLength).Fill(PaddingByte);
        _length += 4 + padded;
        SetHeaderLength(_length);
    }

    private readonly void SetHeaderLength(int totalLength) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(2), (ushort)(totalLength - StunConstants.HeaderLength));
}
