namespace Janus.Media.Rtp.Feedback;

/// <summary>
/// Counts lost packets in one direction of one m-line and tells, once a second, whether the losses since the
/// previous check reach the slowlink threshold (Janus's <c>-W</c>). Uplink: packets the peer sent us that we had
/// to NACK. Downlink: packets we sent that the peer NACKed.
/// <para><see cref="Add"/> is called from packet paths, <see cref="Check"/> from the engine's one-second timer.</para>
/// </summary>
internal sealed class SlowLinkCounter
{
    private long _lost;
    private long _lostAtLastCheck;

    public long Lost => Interlocked.Read(ref _lost);

    public void Add(int lost)
    {
        if (lost > 0)
        {
            Interlocked.Add(ref _lost, lost);
        }
    }

    /// <summary>
    /// Starts a new one-second window; returns the losses of the one that ended when they reach
    /// <paramref name="threshold"/> (0 disables), otherwise 0.
    /// </summary>
    public int Check(int threshold)
    {
        long lost = Interlocked.Read(ref _lost);
        long recent = lost - _lostAtLastCheck;
        _lostAtLastCheck = lost;
        return threshold > 0 && recent >= threshold ? (int)Math.Min(recent, int.MaxValue) : 0;
    }
}
