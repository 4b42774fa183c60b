namespace Janus.Media.Rtp;

/// <summary>One header extension element: its local id (from a=extmap) and its value in the packet.</summary>
public readonly ref struct RtpExtensionElement
{
    public RtpExtensionElement(int id, Span<byte> value)
    {
        Id = id;
        Value = value;
    }

    public int Id { get; }

    public Span<byte> Value { get; }
}

/// <summary>
/// Walks the elements of an RFC 8285 header extension block, one-byte (profile 0xBEDE, §4.2) or two-byte
/// (profile 0x100X, §4.3). Stops quietly at the end, at malformed data, or at the one-byte id 15.
/// Other profiles yield nothing.
/// </summary>
public ref struct RtpExtensionEnumerator
{
    public const ushort OneByteProfile = 0xBEDE;
    public const ushort TwoByteProfile = 0x1000;

    private readonly Span<byte> _data;
    private readonly bool _oneByte;
    private readonly bool _twoByte;
    private int _offset;

    public RtpExtensionEnumerator(ushort profile, Span<byte> data)
    {
        _data = data;
        _oneByte = profile == OneByteProfile;
        _twoByte = (profile & 0xFFF0) == TwoByteProfile;
        _offset = 0;
        Current = default;
    }

    public RtpExtensionElement Current { get; private set; }

    public readonly RtpExtensionEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_oneByte)
        {
            while (_offset < _data.Length)
            {
                byte first = _data[_offset];
                int id = first >> 4;
                if (id == 0)
                {
                    // A padding byte (§4.2 says its length nibble must be 0 too).
                    _offset++;
                    continue;
                }

                if (id == 15)
                {
                    // Reserved: "the parser MUST stop parsing" (§4.2).
                    _offset = _data.Length;
                    return false;
                }

                int length = (first & 0x0F) + 1;
                int start = _offset + 1;
                if (start + length > _data.Length)
                {
                    _offset = _data.Length;
                    return false;
                }

                Current = new RtpExtensionElement(id, _data.Slice(start, length));
                _offset = start + length;
                return true;
            }

            return false;
        }

        if (_twoByte)
        {
            while (_offset < _data.Length)
            {
                int id = _data[_offset];
                if (id == 0)
                {
                    _offset++;
                    continue;
                }

                if (_offset + 2 > _data.Length)
                {
                    _offset = _data.Length;
                    return false;
                }

                int length = _data[_offset + 1];
                int start = _offset + 2;
                if (start + length > _data.Length)
                {
                    _offset = _data.Length;
                    return false;
                }

                Current = new RtpExtensionElement(id, _data.Slice(start, length));
                _offset = start + length;
                return true;
            }
        }

        return false;
    }
}
