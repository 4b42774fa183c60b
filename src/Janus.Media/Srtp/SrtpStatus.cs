namespace Janus.Media.Srtp;

/// <summary>Why an SRTP or SRTCP packet was or was not processed, for stats and logs.</summary>
public enum SrtpStatus
{
    Ok = 0,

    /// <summary>Too short, not version 2, or its header runs past the end.</summary>
    Malformed,

    /// <summary>The buffer has no room for the tag and trailer.</summary>
    BufferTooSmall,

    /// <summary>The authentication tag did not verify.</summary>
    AuthenticationFailed,

    /// <summary>The index was already received (RFC 3711 §3.3.2).</summary>
    Replayed,

    /// <summary>The index is older than the replay window.</summary>
    TooOld,

    /// <summary>The session tracks its limit of SSRCs and this is a new one.</summary>
    TooManyStreams,

    /// <summary>The SRTCP index space (2^31) is used up; the session must be rekeyed.</summary>
    IndexExhausted,
}
