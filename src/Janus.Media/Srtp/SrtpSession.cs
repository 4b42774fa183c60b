namespace Janus.Media.Srtp;

/// <summary>
/// SRTP and SRTCP for one direction of one DTLS-SRTP association (RFC 3711, RFC 7714): one session protects
/// what we send, another unprotects what we receive. It keeps per-SSRC rollover counters, SRTCP indices and
/// replay windows. All operations work in place on the caller's buffer and allocate nothing per packet
/// (a new SSRC allocates its state once).
/// <para>Not thread-safe: use a session from one thread at a time (the receive loop for the inbound
/// session, the sender for the outbound one).</para>
/// </summary>
public sealed partial class SrtpSession : IDisposable
{
    /// <summary>Default replay window (RFC 3711 §3.3.2 asks for at least 64; libsrtp uses 128).</summary>
    public const int DefaultReplayWindowSize = 128;

    /// <summary>Default limit of SSRCs one session tracks, so hostile input cannot grow it without bound.</summary>
    public const int DefaultMaxStreams = 1024;

    private readonly Dictionary<uint, SrtpStreamState> _streams = new();
    private readonly int _replayWindowSize;
    private readonly int _maxStreams;
    private readonly AesCmHmacCipher? _rtpCm;
    private readonly AesCmHmacCipher? _rtcpCm;
    private readonly AesGcmCipher? _rtpGcm;
    private readonly AesGcmCipher? _rtcpGcm;
    private bool _disposed;

    /// <param name="profile">The negotiated protection profile.</param>
    /// <param name="masterKey">The master key, <see cref="SrtpProfile.MasterKeyLength"/> bytes.</param>
    /// <param name="masterSalt">The master salt, <see cref="SrtpProfile.MasterSaltLength"/> bytes.</param>
    /// <param name="replayWindowSize">Replay window in packets: a power of two, at least 64.</param>
    /// <param name="maxStreams">How many SSRCs this session will track.</param>
    public SrtpSession(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt,
        int replayWindowSize = DefaultReplayWindowSize, int maxStreams = DefaultMaxStreams)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (masterKey.Length != profile.MasterKeyLength)
        {
            throw new ArgumentException($"{profile.Name} needs a {profile.MasterKeyLength}-byte master key.", nameof(masterKey));
        }

        if (masterSalt.Length != profile.MasterSaltLength)
        {
            throw new ArgumentException($"{profile.Name} needs a {profile.MasterSaltLength}-byte master salt.", nameof(masterSalt));
        }

        // Validates the size once here rather than on the first packet.
        _ = new ReplayWindow(replayWindowSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStreams, 1);

        Profile = profile;
        _replayWindowSize = replayWindowSize;
        _maxStreams = maxStreams;

        var keys = SrtpSessionKeys.Derive(profile, masterKey, masterSalt);
        try
        {
            (_rtpCm, _rtcpCm, _rtpGcm, _rtcpGcm) = CreateCiphers(profile, keys);
        }
        finally
        {
            keys.Clear();
        }
    }

    /// <summary>For known-answer tests that give session keys directly (RFC 7714 §16-17).</summary>
    internal SrtpSession(SrtpProfile profile, SrtpSessionKeys keys)
    {
        Profile = profile;
        _replayWindowSize = DefaultReplayWindowSize;
        _maxStreams = DefaultMaxStreams;
        (_rtpCm, _rtcpCm, _rtpGcm, _rtcpGcm) = CreateCiphers(profile, keys);
    }

    private static (AesCmHmacCipher?, AesCmHmacCipher?, AesGcmCipher?, AesGcmCipher?) CreateCiphers(SrtpProfile profile, SrtpSessionKeys keys)
    {
        if (profile.IsAead)
        {
            return (null, null, new AesGcmCipher(keys.RtpKey, keys.RtpSalt), new AesGcmCipher(keys.RtcpKey, keys.RtcpSalt));
        }

        return (new AesCmHmacCipher(keys.RtpKey, keys.RtpSalt, keys.RtpAuthKey, profile.RtpAuthTagLength),
            new AesCmHmacCipher(keys.RtcpKey, keys.RtcpSalt, keys.RtcpAuthKey, profile.RtcpAuthTagLength),
            null, null);
    }

    public SrtpProfile Profile { get; }

    /// <summary>How many SSRCs the session currently tracks.</summary>
    public int StreamCount => _streams.Count;

    /// <summary>The rollover counter of an SSRC's RTP stream, for stats; false if the SSRC is unknown.</summary>
    public bool TryGetRolloverCounter(uint ssrc, out uint rolloverCounter)
    {
        if (_streams.TryGetValue(ssrc, out var state))
        {
            rolloverCounter = state.RolloverCounter;
            return true;
        }

        rolloverCounter = 0;
        return false;
    }

    /// <summary>Forgets an SSRC (after an RTCP BYE, for example).</summary>
    public bool RemoveStream(uint ssrc) => _streams.Remove(ssrc);

    private SrtpStreamState? GetOrAddStream(uint ssrc)
    {
        if (_streams.TryGetValue(ssrc, out var state))
        {
            return state;
        }

        if (_streams.Count >= _maxStreams)
        {
            return null;
        }

        state = new SrtpStreamState(_replayWindowSize);
        _streams.Add(ssrc, state);
        return state;
    }

    /// <summary>Tests: make the next SRTCP packet of <paramref name="ssrc"/> carry this index.</summary>
    internal void SetNextSrtcpIndex(uint ssrc, uint index) => GetOrAddStream(ssrc)?.SetNextSrtcpIndex(index);

    internal SrtpStreamState? FindStream(uint ssrc) => _streams.TryGetValue(ssrc, out var state) ? state : null;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _rtpCm?.Dispose();
        _rtcpCm?.Dispose();
        _rtpGcm?.Dispose();
        _rtcpGcm?.Dispose();
    }
}
