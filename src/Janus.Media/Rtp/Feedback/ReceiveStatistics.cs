using Janus.Media.Rtp.Rtcp;

namespace Janus.Media.Rtp.Feedback;

/// <summary>
/// What a receiver reports about one incoming RTP stream (RFC 3550 §6.4.1): sequence number accounting with
/// wrap and restart detection (Appendix A.1), cumulative and interval loss (A.3), interarrival jitter (A.8), and
/// the LSR/DLSR echo of the sender's last SR.
/// <para>Not thread-safe: updated under the PeerConnection's receive lock, read by the report timer under it too.</para>
/// </summary>
internal sealed class ReceiveStatistics
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int SequenceModulus = 1 << 16;

    private bool _started;
    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private uint _badSeq = SequenceModulus + 1;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private double _jitter;
    private double _lastTransit;
    private bool _hasTransit;
    private uint _lastSenderReport;
    private long _lastSenderReportMs;

    public long Received => _received;

    /// <summary>The extended highest sequence number received (cycles in the high 16 bits).</summary>
    public uint ExtendedHighestSequence => _cycles + _maxSeq;

    public long CumulativeLost => _started ? (long)ExtendedHighestSequence - _baseSeq + 1 - _received : 0;

    /// <summary>Interarrival jitter in RTP timestamp units.</summary>
    public uint Jitter => (uint)_jitter;

    /// <summary>
    /// Accounts one packet. <paramref name="arrivalRtpUnits"/> is the arrival time converted to the stream's clock;
    /// retransmissions pass <paramref name="measureJitter"/> false, their timing says nothing about the path.
    /// Returns false for a packet that looks like the start of a jump (RFC 3550 A.1 probation of a restart).
    /// </summary>
    public bool Update(ushort sequenceNumber, uint rtpTimestamp, double arrivalRtpUnits, bool measureJitter)
    {
        if (!_started)
        {
            Restart(sequenceNumber);
            _started = true;
        }
        else
        {
            int udelta = (ushort)(sequenceNumber - _maxSeq);
            if (udelta < MaxDropout)
            {
                if (sequenceNumber < _maxSeq)
                {
                    _cycles += SequenceModulus;
                }
                _maxSeq = sequenceNumber;
            }
            else if (udelta <= SequenceModulus - MaxMisorder)
            {
                // A very large jump: accept it as a restart only if the next packet follows it.
                if (sequenceNumber == _badSeq)
                {
                    Restart(sequenceNumber);
                }
                else
                {
                    _badSeq = (uint)(sequenceNumber + 1) & (SequenceModulus - 1);
                    return false;
                }
            }
            // else: a duplicate or reordered packet, counted below but not moving the maximum.
        }
        _received++;
        if (measureJitter)
        {
            // A.8: J += (|D| - J) / 16 with D the change in relative transit time.
            double transit = arrivalRtpUnits - rtpTimestamp;
            if (_hasTransit)
            {
                double d = Math.Abs(transit - _lastTransit);
                // A timestamp far off (a new source behind the same SSRC) would poison the average.
                if (d < int.MaxValue)
                {
                    _jitter += (d - _jitter) / 16.0;
                }
            }
            _lastTransit = transit;
            _hasTransit = true;
        }
        return true;
    }

    /// <summary>Remembers the sender's last SR (its compact NTP time, and when it arrived) for LSR/DLSR.</summary>
    public void OnSenderReport(uint compactNtp, long nowMs)
    {
        _lastSenderReport = compactNtp;
        _lastSenderReportMs = nowMs;
    }

    /// <summary>Builds the report block for this stream and starts a new reporting interval (A.3).</summary>
    public RtcpReportBlock BuildReportBlock(uint ssrc, long nowMs)
    {
        uint extendedMax = ExtendedHighestSequence;
        long expected = _started ? (long)extendedMax - _baseSeq + 1 : 0;
        long lost = expected - _received;
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = _received - _receivedPrior;
        long lostInterval = expectedInterval - receivedInterval;
        _expectedPrior = expected;
        _receivedPrior = _received;
        byte fraction = expectedInterval <= 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        uint dlsr = 0;
        if (_lastSenderReportMs != 0)
        {
            // DLSR is in units of 1/65536 s.
            dlsr = (uint)Math.Min(uint.MaxValue, (nowMs - _lastSenderReportMs) * 65536 / 1000);
        }
        return new RtcpReportBlock(ssrc, fraction, (int)Math.Clamp(lost, -0x80_0000, 0x7F_FFFF), extendedMax, Jitter,
            _lastSenderReport, dlsr);
    }

    private void Restart(ushort sequenceNumber)
    {
        _baseSeq = sequenceNumber;
        _maxSeq = sequenceNumber;
        _badSeq = SequenceModulus + 1;
        _cycles = 0;
        _received = 0;
        _expectedPrior = 0;
        _receivedPrior = 0;
    }
}
