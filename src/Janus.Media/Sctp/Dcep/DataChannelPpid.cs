namespace Janus.Media.Sctp;

/// <summary>SCTP payload protocol identifiers used by WebRTC data channels (RFC 8831 §8, RFC 8832 §8.1).</summary>
internal static class DataChannelPpid
{
    public const uint Dcep = 50;
    public const uint String = 51;

    /// <summary>Deprecated: a partial string, to be joined with the following parts (pre-standard browsers).</summary>
    public const uint StringPartial = 52;

    public const uint Binary = 53;

    /// <summary>Deprecated: a partial binary message.</summary>
    public const uint BinaryPartial = 54;

    /// <summary>An empty string: SCTP cannot carry zero bytes, so one byte is sent and ignored (RFC 8831 §6.6).</summary>
    public const uint StringEmpty = 56;

    public const uint BinaryEmpty = 57;
}
