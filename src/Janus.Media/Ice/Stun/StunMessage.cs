using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Janus.Media.Ice.Stun;

/// <summary>
/// A received STUN message read in place (RFC 8489 §5, §14). <see cref="TryParse"/> checks the framing once and
/// remembers where the attributes the ICE agent needs sit; nothing is copied or allocated.
/// Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored, as RFC 8489 §14.5 requires.
/// </summary>
internal readonly ref struct StunMessage
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _usernameOffset;
    private readonly int _usernameLength;
    private readonly int _integrityOffset;   // offset of the MESSAGE-INTEGRITY attribute header, or -1
    private readonly int _fingerprintOffset; // offset of the FINGERPRINT attribute header, or -1
    private readonly int _xorMappedOffset;   // offset of the attribute value, or -1
    private readonly int _mappedOffset;
    private readonly int _xorMappedLength;
    private readonly int _mappedLength;
    private readonly int _errorOffset;
    private readonly int _errorLength;

    public ushort Type { get; }
    public uint Priority { get; }
    public bool HasPriority { get; }
    public bool UseCandidate { get; }
    public bool HasIceControlling { get; }
    public bool HasIceControlled { get; }
    public ulong TieBreaker { get; }

    private StunMessage(ReadOnlySpan<byte> data, ushort type, Offsets o)
    {
        _data = data;
        Type = type;
        _usernameOffset = o.UsernameOffset;
        _usernameLength = o.UsernameLength;
        _integrityOffset = o.IntegrityOffset;
        _fingerprintOffset = o.FingerprintOffset;
        _xorMappedOffset = o.XorMappedOffset;
        _xorMappedLength = o.XorMappedLength;
        _mappedOffset = o.MappedOffset;
        _mappedLength = o.MappedLength;
        _errorOffset = o.ErrorOffset;
        _errorLength = o.ErrorLength;
        Priority = o.Priority;
        HasPriority = o.HasPriority;
        UseCandidate = o.UseCandidate;
        HasIceControlling = o.Controlling;
        HasIceControlled = o.Controlled;
        TieBreaker = o.TieBreaker;
    }

    public ReadOnlySpan<byte> TransactionId => _data.Slice(8, StunConstants.TransactionIdLength);
    public ReadOnlySpan<byte> Raw => _data;
    public bool IsRequest => Type == StunConstants.BindingRequest;
    public bool IsSuccessResponse => Type == StunConstants.BindingSuccess;
    public bool IsErrorResponse => Type == StunConstants.BindingError;
    public bool HasUsername => _usernameOffset >= 0;
    public ReadOnlySpan<byte> Username => _usernameOffset >= 0 ? _data.Slice(_usernameOffset, _usernameLength) : default;
    public bool HasMessageIntegrity => _integrityOffset >= 0;
    public bool HasFingerprint => _fingerprintOffset >= 0;

    /// <summary>Cheap test used by the demultiplexer: first two bits zero and the magic cookie in place (RFC 8489 §6).</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> data) =>
        data.Length >= StunConstants.HeaderLength && (data[0] & 0xC0) == 0 &&
        BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4)) == StunConstants.MagicCookie;

    /// <summary>Checks the framing; false for anything that is not a well-formed STUN message.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out StunMessage message)
    {
        message = default;
        if (!LooksLikeStun(data))
        {
            return false;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(2));
        if ((length & 3) != 0 || StunConstants.HeaderLength + length != data.Length)
        {
            return false;
        }
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(data);
        var o = new Offsets();
        int pos = StunConstants.HeaderLength;
        while (pos < data.Length)
        {
            if (data.Length - pos < 4)
            {
                return false;
            }
            ushort attrType = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(pos));
            int attrLength = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(pos + 2));
            int valueOffset = pos + 4;
            int padded = (attrLength + 3) & ~3;
            if (padded > data.Length - valueOffset)
            {
                return false;
            }
            ReadOnlySpan<byte> value = data.Slice(valueOffset, attrLength);
            if (o.FingerprintOffset >= 0)
            {
                return false; // RFC 8489 §14.7: FINGERPRINT is the last attribute.
            }
            if (attrType == StunAttributeType.Fingerprint)
            {
                if (attrLength != 4)
                {
                    return false;
                }
                o.FingerprintOffset = pos;
            }
            else if (o.IntegrityOffset >= 0)
            {
                // Ignored after MESSAGE-INTEGRITY (RFC 8489 §14.5).
            }
            else if (!o.Read(attrType, value, pos, valueOffset))
            {
                return false;
            }
            pos = valueOffset + padded;
        }
        message = new StunMessage(data, type, o);
        return true;
    }

    /// <summary>RFC 8489 §14.7: the CRC-32 of everything before FINGERPRINT, XORed with 0x5354554E.</summary>
    public bool VerifyFingerprint()
    {
        if (_fingerprintOffset < 0)
        {
            return false;
        }
        uint expected = BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(_fingerprintOffset + 4));
        return (Crc32.Compute(_data.Slice(0, _fingerprintOffset)) ^ StunConstants.FingerprintXor) == expected;
    }

    /// <summary>
    /// RFC 8489 §14.5: HMAC-SHA1 over the message up to MESSAGE-INTEGRITY, with the header length adjusted to end
    /// just after it. <paramref name="key"/> is the short-term password (RFC 8489 §9.1.1).
    /// </summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (_integrityOffset < 0 || _integrityOffset > 2048)
        {
            return false;
        }
        Span<byte> prefix = stackalloc byte[_integrityOffset];
        _data.Slice(0, _integrityOffset).CopyTo(prefix);
        BinaryPrimitives.WriteUInt16BigEndian(prefix.Slice(2),
            (ushort)(_integrityOffset + 4 + StunConstants.MessageIntegrityLength - StunConstants.HeaderLength));
        Span<byte> mac = stackalloc byte[StunConstants.MessageIntegrityLength];
        HMACSHA1.HashData(key, prefix, mac);
        return CryptographicOperations.FixedTimeEquals(mac, _data.Slice(_integrityOffset + 4, StunConstants.MessageIntegrityLength));
    }

    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint) =>
        StunAddressCodec.TryDecode(_xorMappedOffset >= 0 ? _data.Slice(_xorMappedOffset, _xorMappedLength) : default,
            xor: true, TransactionId, out endPoint);

    public bool TryGetMappedAddress(out IPEndPoint? endPoint) =>
        StunAddressCodec.TryDecode(_mappedOffset >= 0 ? _data.Slice(_mappedOffset, _mappedLength) : default,
            xor: false, TransactionId, out endPoint);

    /// <summary>RFC 8489 §14.8: class in the hundreds digit, number in the low byte.</summary>
    public int ErrorCode
    {
        get
        {
            if (_errorOffset < 0 || _errorLength < 4)
            {
                return 0;
            }
            ReadOnlySpan<byte> v = _data.Slice(_errorOffset);
            return (v[2] & 0x07) * 100 + v[3];
        }
    }

    private struct Offsets
    {
        public int UsernameOffset = -1, UsernameLength, IntegrityOffset = -1, FingerprintOffset = -1;
        public int XorMappedOffset = -1, XorMappedLength, MappedOffset = -1, MappedLength, ErrorOffset = -1, ErrorLength;
        public uint Priority;
        public bool HasPriority, UseCandidate, Controlling, Controlled;
        public ulong TieBreaker;

        public Offsets()
        {
        }

        public bool Read(ushort attrType, ReadOnlySpan<byte> value, int attrOffset, int valueOffset)
        {
            switch (attrType)
            {
                case StunAttributeType.Username:
                    if (value.Length > 513)
                    {
                        return false; // RFC 8489 §14.3
                    }
                    UsernameOffset = valueOffset;
                    UsernameLength = value.Length;
                    return true;
                case StunAttributeType.MessageIntegrity:
                    if (value.Length != StunConstants.MessageIntegrityLength)
                    {
                        return false;
                    }
                    IntegrityOffset = attrOffset;
                    return true;
                case StunAttributeType.XorMappedAddress:
                    XorMappedOffset = valueOffset;
                    XorMappedLength = value.Length;
                    return true;
                case StunAttributeType.MappedAddress:
                    MappedOffset = valueOffset;
                    MappedLength = value.Length;
                    return true;
                case StunAttributeType.ErrorCode:
                    ErrorOffset = valueOffset;
                    ErrorLength = value.Length;
                    return true;
                case StunAttributeType.Priority:
                    if (value.Length != 4)
                    {
                        return false;
                    }
                    Priority = BinaryPrimitives.ReadUInt32BigEndian(value);
                    HasPriority = true;
                    return true;
                case StunAttributeType.UseCandidate:
                    UseCandidate = true;
                    return true;
                case StunAttributeType.IceControlling:
                case StunAttributeType.IceControlled:
                    if (value.Length != 8)
                    {
                        return false;
                    }
                    TieBreaker = BinaryPrimitives.ReadUInt64BigEndian(value);
                    Controlling = attrType == StunAttributeType.IceControlling;
                    Controlled = attrType == StunAttributeType.IceControlled;
                    return true;
                default:
                    return true; // unknown comprehension-optional or -required attributes are tolerated here
            }
        }
    }
}
