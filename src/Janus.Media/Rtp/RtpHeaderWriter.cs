using System.Buffers.Binary;

namespace Janus.Media.Rtp;

/// <summary>Writes RTP headers for packets the core originates (RFC 3550 §5.1).</summary>
public static class RtpHeaderWriter
{
    /// <summary>Writes the 12-byte fixed header with V=2, no padding, no CSRCs; returns 12, or 0 if it does not fit.</summary>
    public static int WriteFixedHeader(Span<byte> destination, byte payloadType, bool marker, ushort sequenceNumber,
        uint timestamp, uint ssrc, bool hasExtension = false)
    {
        if (destination.Length < RtpHeaderView.FixedHeaderLength || payloadType > 127)
        {
            return 0;
        }

        destination[0] = (byte)(0x80 | (hasExtension ? 0x10 : 0));
        destination[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        return RtpHeaderView.FixedHeaderLength;
    }
}

/// <summary>
/// Builds a one-byte header extension block (RFC 8285 §4.2) in place: the 0xBEDE header, elements of id 1-14
/// with 1-16 value bytes, zero padding to a word. Set the X bit of the RTP header yourself.
/// </summary>
public ref struct RtpOneByteExtensionWriter
{
    private readonly Span<byte> _destination;
    private int _offset;

    /// <param name="destination">Where the block starts: right after the CSRC list.</param>
    public RtpOneByteExtensionWriter(Span<byte> destination)
    {
        _destination = destination;
        _offset = 4;
    }

    /// <summary>Appends one element; false when the id or length is out of range or it does not fit.</summary>
    public bool TryAdd(int id, ReadOnlySpan<byte> value)
    {
        if (id is < 1 or > 14 || value.Length is < 1 or > 16 || _offset + 1 + value.Length > _destination.Length)
        {
            return false;
        }

        _destination[_offset] = (byte)(id << 4 | (value.Length - 1));
        value.CopyTo(_destination[(_offset + 1)..]);
        _offset += 1 + value.Length;
        return true;
    }

    /// <summary>Pads, writes the block header, and returns the block length (a multiple of 4), or 0 if padding does not fit.</summary>
    public int Finish()
    {
        int length = (_offset + 3) & ~3;
        if (length > _destination.Length || _destination.Length < 4)
        {
            return 0;
        }

        _destination[_offset..length].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(_destination, RtpExtensionEnumerator.OneByteProfile);
        BinaryPrimitives.WriteUInt16BigEndian(_destination[2..], (ushort)(length / 4 - 1));
        return length;
    }
}
