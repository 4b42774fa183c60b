namespace Janus.Media.Sctp;

/// <summary>Retransmission timeout from RTT samples (RFC 9260 §6.3.1, the RFC 6298 rules).</summary>
internal sealed class RtoEstimator
{
    private readonly int _minMs;
    private readonly int _maxMs;
    private double _srtt;
    private double _rttVar;
    private bool _hasSample;

    public RtoEstimator(int initialMs, int minMs, int maxMs)
    {
        _minMs = minMs;
        _maxMs = maxMs;
        RtoMs = initialMs;
    }

    public int RtoMs { get; private set; }
    public double SmoothedRttMs => _srtt;

    public void AddSample(double rttMs)
    {
        if (!_hasSample)
        {
            _srtt = rttMs;
            _rttVar = rttMs / 2;
            _hasSample = true;
        }
        else
        {
            // RFC 9260 §6.3.1 C3: RTO.Alpha = 1/8, RTO.Beta = 1/4.
            _rttVar = 0.75 * _rttVar + 0.25 * Math.Abs(_srtt - rttMs);
            _srtt = 0.875 * _srtt + 0.125 * rttMs;
        }

        RtoMs = (int)Math.Clamp(_srtt + 4 * _rttVar, _minMs, _maxMs);
    }

    /// <summary>RFC 9260 §6.3.3 E2: the timer expired, so double the RTO.</summary>
    public void BackOff() => RtoMs = Math.Min(RtoMs * 2, _maxMs);
}
