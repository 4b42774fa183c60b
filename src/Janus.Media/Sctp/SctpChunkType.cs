namespace Janus.Media.Sctp;

/// <summary>Chunk types of RFC 9260 §3.2, RFC 3758 (FORWARD-TSN) and RFC 6525 (RE-CONFIG).</summary>
internal enum SctpChunkType : byte
{
    Data = 0,
    Init = 1,
    InitAck = 2,
    Sack = 3,
    Heartbeat = 4,
    HeartbeatAck = 5,
    Abort = 6,
    Shutdown = 7,
    ShutdownAck = 8,
    Error = 9,
    CookieEcho = 10,
    CookieAck = 11,
    ShutdownComplete = 14,
    Reconfig = 130,
    ForwardTsn = 192,
}

/// <summary>Chunk flag bits.</summary>
internal static class SctpChunkFlags
{
    /// <summary>DATA: last fragment (RFC 9260 §3.3.1).</summary>
    public const byte End = 0x01;

    /// <summary>DATA: first fragment.</summary>
    public const byte Beginning = 0x02;

    /// <summary>DATA: unordered.</summary>
    public const byte Unordered = 0x04;

    /// <summary>DATA: the receiver should SACK at once (RFC 7053).</summary>
    public const byte Immediate = 0x08;

    /// <summary>ABORT and SHUTDOWN COMPLETE: the verification tag is the reflected one (RFC 9260 §3.3.7).</summary>
    public const byte TagReflected = 0x01;
}
