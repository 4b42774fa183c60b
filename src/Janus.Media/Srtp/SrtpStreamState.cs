namespace Janus.Media.Srtp;

/// <summary>
/// What one SRTP session knows about one SSRC: the RTP rollover counter and highest sequence number
/// (RFC 3711 §3.3.1), the SRTCP index (§3.3.2), and on the receive side their replay windows. Not thread-safe.
/// </summary>
internal sealed class SrtpStreamState
{
    /// <summary>Largest SRTCP index (31 bits, §3.4).</summary>
    public const uint MaxSrtcpIndex = 0x7FFF_FFFF;

    private bool _rtpStarted;
    private uint _roc;
    private ushort _highestSeq;
    private long _nextSrtcpIndex;

    public SrtpStreamState(int replayWindowSize)
    {
        RtpReplay = new ReplayWindow(replayWindowSize);
        RtcpReplay = new ReplayWindow(replayWindowSize);
    }

    /// <summary>Received SRTP indices (used only when unprotecting).</summary>
    public ReplayWindow RtpReplay { get; }

    /// <summary>Received SRTCP indices (used only when unprotecting).</summary>
    public ReplayWindow RtcpReplay { get; }

    public uint RolloverCounter => _roc;

    /// <summary>
    /// The 48-bit packet index for <paramref name="seq"/> (RFC 3711 §3.3.1, Appendix A), or -1 when the
    /// guess would need a rollover counter below zero (a packet from before the first one seen).
    /// </summary>
    public long EstimateIndex(ushort seq)
    {
        if (!_rtpStarted)
        {
            return seq;
        }

        long roc = _roc;
        if (_highestSeq < 0x8000)
        {
            if (seq - _highestSeq > 0x8000)
            {
                roc--;
            }
        }
        else if (_highestSeq - 0x8000 > seq)
        {
            roc++;
        }

        if (roc < 0 || roc > uint.MaxValue)
        {
            return -1;
        }

        return (roc << 16) | seq;
    }

    /// <summary>Records an index that was sent or authenticated: moves s_l and the ROC forward if it is newer.</summary>
    public void Advance(long index)
    {
        long current = ((long)_roc << 16) | _highestSeq;
        if (!_rtpStarted || index > current)
        {
            _rtpStarted = true;
            _roc = (uint)(index >> 16);
            _highestSeq = (ushort)index;
        }
    }

    /// <summary>The next SRTCP index to send, or -1 when the 31-bit space is used up (§3.3.2).</summary>
    public long NextSrtcpIndex()
    {
        if (_nextSrtcpIndex > MaxSrtcpIndex)
        {
            return -1;
        }

        return _nextSrtcpIndex++;
    }

    /// <summary>Used by tests and rekeying: start sending SRTCP at this index.</summary>
    internal void SetNextSrtcpIndex(uint index) => _nextSrtcpIndex = index;
}
