using System.Buffers.Binary;

namespace Janus.Media.Sctp;

/// <summary>
/// INIT and INIT ACK (RFC 9260 §3.3.2, §3.3.3): the same fixed fields, then parameters. We read and write
/// Supported Extensions (RFC 5061 §4.2.7), Forward-TSN-Supported (RFC 3758 §3.1) and the State Cookie.
/// </summary>
internal readonly ref struct InitChunk
{
    public const int FixedLength = 16;
    private const ushort StateCookieParameter = 7;
    private const ushort SupportedExtensionsParameter = 0x8008;
    private const ushort ForwardTsnSupportedParameter = 0xC000;

    public InitChunk(uint initiateTag, uint advertisedReceiverWindow, ushort outboundStreams, ushort inboundStreams,
        uint initialTsn, bool forwardTsnSupported, bool reconfigSupported, ReadOnlySpan<byte> stateCookie)
    {
        InitiateTag = initiateTag;
        AdvertisedReceiverWindow = advertisedReceiverWindow;
        OutboundStreams = outboundStreams;
        InboundStreams = inboundStreams;
        InitialTsn = initialTsn;
        ForwardTsnSupported = forwardTsnSupported;
        ReconfigSupported = reconfigSupported;
        StateCookie = stateCookie;
    }

    public uint InitiateTag { get; }
    public uint AdvertisedReceiverWindow { get; }
    public ushort OutboundStreams { get; }
    public ushort InboundStreams { get; }
    public uint InitialTsn { get; }
    public bool ForwardTsnSupported { get; }
    public bool ReconfigSupported { get; }
    public ReadOnlySpan<byte> StateCookie { get; }

    /// <summary>RFC 9260 §3.3.2: a zero initiate tag or zero stream count is invalid; such an INIT is refused.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out InitChunk chunk)
    {
        chunk = default;
        if (value.Length < FixedLength)
        {
            return false;
        }

        uint tag = BinaryPrimitives.ReadUInt32BigEndian(value);
        uint window = BinaryPrimitives.ReadUInt32BigEndian(value[4..]);
        ushort outbound = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        ushort inbound = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        uint tsn = BinaryPrimitives.ReadUInt32BigEndian(value[12..]);
        if (tag == 0 || outbound == 0 || inbound == 0)
        {
            return false;
        }

        bool forwardTsn = false, reconfig = false;
        ReadOnlySpan<byte> cookie = default;
        var parameters = new ParameterEnumerator(value[FixedLength..]);
        while (parameters.MoveNext(out ushort type, out ReadOnlySpan<byte> parameter))
        {
            switch (type)
            {
                case StateCookieParameter:
                    cookie = parameter;
                    break;
                case ForwardTsnSupportedParameter:
                    forwardTsn = true;
                    break;
                case SupportedExtensionsParameter:
                    foreach (byte chunkType in parameter)
                    {
                        forwardTsn |= chunkType == (byte)SctpChunkType.ForwardTsn;
                        reconfig |= chunkType == (byte)SctpChunkType.Reconfig;
                    }

                    break;
            }
        }

        if (!parameters.IsWellFormed)
        {
            return false;
        }

        chunk = new InitChunk(tag, window, outbound, inbound, tsn, forwardTsn, reconfig, cookie);
        return true;
    }

    public int ValueLength => FixedLength + 8 + 4 + (StateCookie.IsEmpty ? 0 : (4 + StateCookie.Length + 3) & ~3);

    /// <summary>Writes the value; <paramref name="destination"/> must be exactly <see cref="ValueLength"/> long.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, InitiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], AdvertisedReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], OutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], InboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], InitialTsn);
        Span<byte> p = destination[FixedLength..];

        // Supported Extensions: RE-CONFIG and FORWARD-TSN (6 bytes, padded to 8).
        BinaryPrimitives.WriteUInt16BigEndian(p, SupportedExtensionsParameter);
        BinaryPrimitives.WriteUInt16BigEndian(p[2..], 6);
        p[4] = (byte)SctpChunkType.Reconfig;
        p[5] = (byte)SctpChunkType.ForwardTsn;
        p[6] = 0;
        p[7] = 0;
        p = p[8..];

        BinaryPrimitives.WriteUInt16BigEndian(p, ForwardTsnSupportedParameter);
        BinaryPrimitives.WriteUInt16BigEndian(p[2..], 4);
        p = p[4..];

        if (!StateCookie.IsEmpty)
        {
            BinaryPrimitives.WriteUInt16BigEndian(p, StateCookieParameter);
            BinaryPrimitives.WriteUInt16BigEndian(p[2..], (ushort)(4 + StateCookie.Length));
            StateCookie.CopyTo(p[4..]);
            p[(4 + StateCookie.Length)..].Clear();
        }
    }
}

/// <summary>Walks type-length-value parameters padded to 4 bytes (RFC 9260 §3.2.1).</summary>
internal ref struct ParameterEnumerator
{
    private ReadOnlySpan<byte> _rest;

    public ParameterEnumerator(ReadOnlySpan<byte> parameters)
    {
        _rest = parameters;
        IsWellFormed = true;
    }

    public bool IsWellFormed { get; private set; }

    public bool MoveNext(out ushort type, out ReadOnlySpan<byte> value)
    {
        type = 0;
        value = default;
        if (_rest.IsEmpty)
        {
            return false;
        }

        if (_rest.Length < 4)
        {
            return Fail();
        }

        type = BinaryPrimitives.ReadUInt16BigEndian(_rest);
        int length = BinaryPrimitives.ReadUInt16BigEndian(_rest[2..]);
        if (length < 4 || length > _rest.Length)
        {
            return Fail();
        }

        value = _rest[4..length];
        int padded = (length + 3) & ~3;
        _rest = padded >= _rest.Length ? ReadOnlySpan<byte>.Empty : _rest[padded..];
        return true;
    }

    private bool Fail()
    {
        IsWellFormed = false;
        _rest = ReadOnlySpan<byte>.Empty;
        return false;
    }
}
