using System.Buffers.Binary;

namespace Janus.Media.Rtp;

/// <summary>
/// A view over an RTP packet in a caller's buffer (RFC 3550 §5.1): reads the header fields and rewrites
/// payload type, marker, sequence number, timestamp and SSRC in place. Parsing checks every length, so a
/// view that exists is safe to read.
/// </summary>
public readonly ref struct RtpHeaderView
{
    public const int FixedHeaderLength = 12;

    private readonly Span<byte> _packet;

    private RtpHeaderView(Span<byte> packet, int headerLength, int extensionOffset, int paddingLength)
    {
        _packet = packet;
        HeaderLength = headerLength;
        ExtensionOffset = extensionOffset;
        PaddingLength = paddingLength;
    }

    /// <summary>
    /// Parses <paramref name="packet"/> (exactly one packet). False when it is not version 2, or the CSRC list,
    /// header extension or padding run past the end.
    /// </summary>
    public static bool TryParse(Span<byte> packet, out RtpHeaderView view)
    {
        view = default;
        if (packet.Length < FixedHeaderLength || (packet[0] >> 6) != 2)
        {
            return false;
        }

        int headerLength = FixedHeaderLength + 4 * (packet[0] & 0x0F);
        int extensionOffset = -1;
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < headerLength + 4)
            {
                return false;
            }

            extensionOffset = headerLength;
            headerLength += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(headerLength + 2)..]);
        }

        if (headerLength > packet.Length)
        {
            return false;
        }

        int padding = 0;
        if ((packet[0] & 0x20) != 0)
        {
            // RFC 3550 §5.1: the last octet counts the padding, itself included.
            padding = packet[^1];
            if (padding == 0 || padding > packet.Length - headerLength)
            {
                return false;
            }
        }

        view = new RtpHeaderView(packet, headerLength, extensionOffset, padding);
        return true;
    }

    /// <summary>The whole packet.</summary>
    public Span<byte> Packet => _packet;

    public int Version => _packet[0] >> 6;

    public bool HasPadding => (_packet[0] & 0x20) != 0;

    public bool HasExtension => (_packet[0] & 0x10) != 0;

    public int CsrcCount => _packet[0] & 0x0F;

    public bool Marker
    {
        get => (_packet[1] & 0x80) != 0;
        set => _packet[1] = (byte)(value ? _packet[1] | 0x80 : _packet[1] & 0x7F);
    }

    public byte PayloadType
    {
        get => (byte)(_packet[1] & 0x7F);
        set => _packet[1] = (byte)((_packet[1] & 0x80) | (value & 0x7F));
    }

    public ushort SequenceNumber
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_packet[2..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_packet[2..], value);
    }

    public uint Timestamp
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_packet[4..]);
        set => BinaryPrimitives.WriteUInt32BigEndian(_packet[4..], value);
    }

    public uint Ssrc
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_packet[8..]);
        set => BinaryPrimitives.WriteUInt32BigEndian(_packet[8..], value);
    }

    public uint GetCsrc(int index)
    {
        if ((uint)index >= (uint)CsrcCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(_packet[(FixedHeaderLength + 4 * index)..]);
    }

    /// <summary>Header length including CSRCs and the extension block.</summary>
    public int HeaderLength { get; }

    /// <summary>Offset of the extension block's 4-byte header (profile, length), or -1 without one.</summary>
    public int ExtensionOffset { get; }

    public int PaddingLength { get; }

    public int PayloadOffset => HeaderLength;

    public int PayloadLength => _packet.Length - HeaderLength - PaddingLength;

    public Span<byte> Payload => _packet.Slice(HeaderLength, PayloadLength);

    /// <summary>The "defined by profile" field: 0xBEDE for one-byte, 0x100x for two-byte extensions (RFC 8285).</summary>
    public ushort ExtensionProfile => ExtensionOffset < 0 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(_packet[ExtensionOffset..]);

    /// <summary>The extension elements, without the 4-byte block header.</summary>
    public Span<byte> ExtensionData => ExtensionOffset < 0
        ? Span<byte>.Empty
        : _packet[(ExtensionOffset + 4)..HeaderLength];

    /// <summary>Enumerates the RFC 8285 extension elements.</summary>
    public RtpExtensionEnumerator Extensions => new(ExtensionProfile, ExtensionData);

    /// <summary>Finds the value of extension <paramref name="id"/>; the span writes through to the packet.</summary>
    public bool TryGetExtension(int id, out Span<byte> value)
    {
        foreach (var element in Extensions)
        {
            if (element.Id == id)
            {
                value = element.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
