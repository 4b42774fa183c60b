namespace Janus.Media.Sdp;

/// <summary>
/// One <c>a=</c> line (RFC 8866 §5.13): a property attribute (<c>a=rtcp-mux</c>, <see cref="Value"/> null)
/// or a value attribute (<c>a=mid:0</c>). The value is kept verbatim, leading spaces included,
/// so writing it back gives the same bytes.
/// </summary>
public sealed record SdpAttribute(string Name, string? Value = null)
{
    public bool IsFlag => Value is null;

    /// <summary>The line without <c>a=</c> and without the line ending.</summary>
    public override string ToString() => Value is null ? Name : Name + ":" + Value;

    internal static SdpAttribute FromLineValue(string text)
    {
        int colon = text.IndexOf(':');
        return colon < 0 ? new SdpAttribute(text) : new SdpAttribute(text[..colon], text[(colon + 1)..]);
    }
}
