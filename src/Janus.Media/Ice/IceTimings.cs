namespace Janus.Media.Ice;

/// <summary>
/// Every timer of the agent, configurable so tests can run them short. Defaults follow RFC 8445 §14 and RFC 7675.
/// </summary>
public sealed class IceTimings
{
    /// <summary>Pacing between new checks (RFC 8445 §14.2, Ta).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>First retransmission timeout of a check; doubles each time (RFC 8489 §6.2.1).</summary>
    public TimeSpan CheckRto { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Transmissions of one check before its pair fails (Rc, RFC 8489 §6.2.1 says 7).</summary>
    public int CheckAttempts { get; init; } = 7;

    /// <summary>How long a controlling agent lets better pairs finish before nominating the best valid one.</summary>
    public TimeSpan NominationDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>No pair selected this long after checks began: failed.</summary>
    public TimeSpan CheckingTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>RFC 7675 §5.1: a consent check about every 5 s, jittered ±20 %.</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>No consent response this long: disconnected (media still flows; it may come back).</summary>
    public TimeSpan DisconnectedTimeout { get; init; } = TimeSpan.FromSeconds(12);

    /// <summary>RFC 7675 §5.1: consent expires after 30 s without a response: failed, sending stops.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Server-reflexive gathering: transmissions to the STUN server and the first timeout.</summary>
    public int StunServerAttempts { get; init; } = 4;
    public TimeSpan StunServerRto { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Timer granularity when nothing is in flight (consent and timeouts only).</summary>
    public TimeSpan IdleTick { get; init; } = TimeSpan.FromMilliseconds(250);
}
