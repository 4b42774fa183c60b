namespace Janus.Media.Sctp;

/// <summary>Settings of one SCTP association over DTLS (RFC 8261, RFC 8841 for the SDP attributes).</summary>
public sealed class SctpAssociationOptions
{
    /// <summary>Our port, the <c>a=sctp-port</c> we offered (5000 by default).</summary>
    public ushort LocalPort { get; init; } = 5000;

    /// <summary>The peer's <c>a=sctp-port</c>.</summary>
    public ushort RemotePort { get; init; } = 5000;

    /// <summary>The DTLS role decides the parity of the stream ids we pick (RFC 8832 §6): client even, server odd.</summary>
    public bool IsDtlsClient { get; init; }

    /// <summary>The peer's <c>a=max-message-size</c> (RFC 8841 §6): our largest outgoing message. 0 means no limit was given.</summary>
    public int RemoteMaxMessageSize { get; init; } = 262144;

    /// <summary>The largest message we accept; bigger ones are dropped.</summary>
    public int LocalMaxMessageSize { get; init; } = 262144;

    /// <summary>Largest SCTP packet: 1200 less room for the DTLS record header, nonce and tag.</summary>
    public int MaxPacketSize { get; init; } = 1160;

    /// <summary>Our receive buffer, advertised as a_rwnd.</summary>
    public int ReceiveBufferSize { get; init; } = 1024 * 1024;

    /// <summary>Above this many bytes queued on the association, <see cref="DataChannel.Send"/> refuses.</summary>
    public int MaxBufferedAmount { get; init; } = 16 * 1024 * 1024;

    /// <summary>The clock and timers; tests pass a manual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public int RtoInitialMs { get; init; } = 1000;
    public int RtoMinMs { get; init; } = 400;
    public int RtoMaxMs { get; init; } = 10000;

    /// <summary>Delayed SACK (RFC 9260 §6.2: at most 200 ms, and at least every second packet).</summary>
    public int DelayedAckMs { get; init; } = 200;

    /// <summary>Consecutive timeouts before the association is declared dead (Association.Max.Retrans).</summary>
    public int MaxRetransmissions { get; init; } = 10;

    /// <summary>INIT or COOKIE ECHO sends before giving up (Max.Init.Retransmits).</summary>
    public int MaxInitRetransmissions { get; init; } = 8;
}
