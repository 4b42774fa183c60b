using Janus.Core.Logging;

namespace Janus.Media.Sctp;

// One timer per association, always set to the earliest deadline: T1 (INIT, COOKIE ECHO), T2 (SHUTDOWN),
// T3-rtx (RFC 9260 §6.3), the delayed SACK (§6.2) and the RE-CONFIG retransmission (RFC 6525 §5.1.1).
public sealed partial class SctpAssociation
{
    private const long NoDeadline = long.MaxValue;
    private long _t1DeadlineMs = NoDeadline;
    private long _t2DeadlineMs = NoDeadline;
    private long _t3DeadlineMs = NoDeadline;
    private long _sackDeadlineMs = NoDeadline;
    private long _reconfigDeadlineMs = NoDeadline;
    private long _armedDeadlineMs = NoDeadline;

    private void ArmTimer()
    {
        if (_state == Phase.Closed)
        {
            return;
        }

        long next = Math.Min(Math.Min(_t1DeadlineMs, _t2DeadlineMs), Math.Min(Math.Min(_t3DeadlineMs, _sackDeadlineMs), _reconfigDeadlineMs));
        if (next == _armedDeadlineMs)
        {
            return;
        }

        _armedDeadlineMs = next;
        if (next == NoDeadline)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        long delay = Math.Max(0, next - NowMs);
        _timer.Change(TimeSpan.FromMilliseconds(delay), Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (_state == Phase.Closed)
            {
                return;
            }

            _armedDeadlineMs = NoDeadline;
            try
            {
                long now = NowMs;
                if (_t1DeadlineMs <= now)
                {
                    OnT1Expired();
                }

                if (_t2DeadlineMs <= now)
                {
                    OnT2Expired();
                }

                if (_t3DeadlineMs <= now)
                {
                    OnT3Expired();
                }

                if (_sackDeadlineMs <= now)
                {
                    _sackDeadlineMs = NoDeadline;
                    _sackImmediately = true;
                }

                if (_reconfigDeadlineMs <= now)
                {
                    _reconfigDeadlineMs = NoDeadline;
                    OnReconfigTimeout();
                }

                Flush();
            }
            catch (Exception ex)
            {
                Counters.InternalErrors++;
                JanusLog.Warn($"[SCTP] error in timer: {ex.Message}");
            }

            ArmTimer();
        }

        DrainEvents();
    }
}
