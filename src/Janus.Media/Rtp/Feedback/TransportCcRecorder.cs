using Janus.Media.Rtp.Rtcp;

namespace Janus.Media.Rtp.Feedback;

/// <summary>
/// Records when each transport-wide sequence number arrived (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2)
/// and turns the records into feedback packets (§3.1) for the sender's bandwidth estimator: every number from the
/// last one reported up to the highest seen, received (with its arrival delta) or not.
/// <para>Not thread-safe: recorded under the receive lock, built by the feedback timer under the same lock.</para>
/// </summary>
internal sealed class TransportCcRecorder
{
    /// <summary>Statuses in one feedback packet; more wait for the next one.</summary>
    public const int MaxStatusesPerFeedback = 256;
    // A power of two, well over a period's packets (200 ms at 10 000 packets/s); allocated with the first record, so
    // a PeerConnection without transport-wide CC (or not yet receiving) holds none of it.
    private const int WindowSize = 2048;
    private const long TickUs = TransportCcFeedback.TickMicroseconds;
    private const long ReferenceUnitUs = 64_000;

    private long[] _arrivalUs = [];
    private long[] _slotSeq = [];
    private bool _started;
    private long _highest;     // extended (unwrapped) highest sequence number seen
    private long _nextToReport; // extended sequence number the next feedback starts at
    private byte _feedbackCount;

    public bool HasPending => _started && _nextToReport <= _highest;

    public void Record(ushort sequenceNumber, long arrivalUs)
    {
        long extended;
        if (!_started)
        {
            _started = true;
            _arrivalUs = new long[WindowSize];
            _slotSeq = new long[WindowSize];
            Array.Fill(_slotSeq, -1L);
            extended = sequenceNumber;
            _highest = extended;
            _nextToReport = extended;
        }
        else
        {
            extended = _highest + (short)(ushort)(sequenceNumber - (ushort)_highest);
            if (extended > _highest)
            {
                _highest = extended;
                // Never let a report span more than the window: older numbers are simply not reported.
                if (_highest - _nextToReport >= WindowSize)
                {
                    _nextToReport = _highest - WindowSize + 1;
                }
            }
            else if (extended < _nextToReport)
            {
                return; // already reported as lost; too late to matter
            }
        }
        int slot = (int)(extended & (WindowSize - 1));
        _slotSeq[slot] = extended;
        _arrivalUs[slot] = arrivalUs;
    }

    /// <summary>
    /// Writes the next feedback into <paramref name="destination"/> and returns its length, or 0 when there is
    /// nothing to report. Call again while <see cref="HasPending"/> to drain a long backlog.
    /// </summary>
    public int WriteFeedback(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        if (!HasPending)
        {
            return 0;
        }
        // The first received packet sets the reference time; numbers before it in the range are lost ones.
        long first = _nextToReport;
        long firstArrival = -1;
        for (long seq = first; seq <= _highest; seq++)
        {
            int slot = (int)(seq & (WindowSize - 1));
            if (_slotSeq[slot] == seq)
            {
                firstArrival = _arrivalUs[slot];
                break;
            }
        }
        if (firstArrival < 0)
        {
            _nextToReport = _highest + 1; // nothing left to anchor a report on
            return 0;
        }
        long referenceUnits = firstArrival / ReferenceUnitUs;
        long previousTick = referenceUnits * ReferenceUnitUs / TickUs;
        Span<TransportCcPacketStatus> statuses = stackalloc TransportCcPacketStatus[MaxStatusesPerFeedback];
        int count = 0;
        for (long seq = first; seq <= _highest && count < MaxStatusesPerFeedback; seq++)
        {
            int slot = (int)(seq & (WindowSize - 1));
            if (_slotSeq[slot] != seq)
            {
                statuses[count++] = TransportCcPacketStatus.Lost((ushort)seq);
                continue;
            }
            long tick = _arrivalUs[slot] / TickUs;
            long delta = tick - previousTick;
            if (delta is < short.MinValue or > short.MaxValue)
            {
                // Not expressible in this feedback: end it here, the next one gets a new reference time.
                break;
            }
            statuses[count++] = TransportCcPacketStatus.Arrived((ushort)seq, (int)delta);
            previousTick = tick;
        }
        if (count == 0)
        {
            return 0;
        }
        int length = TransportCcFeedback.Write(destination, senderSsrc, mediaSsrc, (ushort)first,
            (uint)(referenceUnits & 0xFF_FFFF), _feedbackCount, statuses.Slice(0, count));
        if (length > 0)
        {
            _feedbackCount++;
            _nextToReport = first + count;
        }
        return length;
    }
}
