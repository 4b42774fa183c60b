using Janus.Core;
using Janus.Core.Logging;
using Janus.Media.Ice.Stun;

namespace Janus.Media.Ice;

public sealed partial class IceAgent
{
    private long _nextTimerAt = long.MaxValue;

    /// <summary>Runs the timer now-ish (a check to send, a state to re-evaluate). Called under the lock.</summary>
    private void ScheduleSoon() => ScheduleAt(_time.Milliseconds());

    private void ScheduleAt(long when)
    {
        if (_disposed)
        {
            return;
        }
        long now = _time.Milliseconds();
        if (when >= _nextTimerAt && _nextTimerAt > now - 1000)
        {
            return; // an earlier tick is already due
        }
        _nextTimerAt = when;
        if (when - now >= IceSlowTicker.ThresholdMs)
        {
            // Nothing in flight: the network's shared tick will do (TickIfDue), no timer of our own.
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _network.SlowTicker.Add(this);
            return;
        }
        _network.SlowTicker.Remove(this);
        // At least 1 ms: a clock may run a due-now timer inside Change (FakeTimeProvider does), and this runs under
        // the agent's lock in the middle of an operation; the timer must fire after it, as a thread-pool timer does.
        _timer.Change(TimeSpan.FromMilliseconds(Math.Max(1, when - now)), Timeout.InfiniteTimeSpan);
    }

    /// <summary>The shared slow tick (<see cref="IceSlowTicker"/>): runs the timer when its time has come.</summary>
    internal void TickIfDue(long now)
    {
        if (Volatile.Read(ref _nextTimerAt) <= now)
        {
            OnTimer();
        }
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _nextTimerAt = long.MaxValue;
            long now = _time.Milliseconds();
            bool busy = RetransmitAndExpire(now);
            if (_started && !_lite && _keys.RemotePassword is not null)
            {
                busy |= SendNextCheck();
                busy |= NominateIfReady(now);
            }
            CheckConsent(now);
            CheckFailure(now);
            UpdateCompletion();
            if (_state != IceConnectionState.Closed)
            {
                ScheduleAt(now + NextTickDelayMs(busy));
            }
        }
        Flush();
    }

    /// <summary>
    /// Checks in flight tick at Ta; with nothing in flight, an agent still gathering or checking ticks at IdleTick,
    /// and a connected one only for consent (RFC 7675: every ~5 s) and its timeouts (12 s, 30 s), so at most twice
    /// per consent interval. Those slow ticks come from the network's shared <see cref="IceSlowTicker"/>: a timer per
    /// agent meant a thread-pool wakeup per agent per tick, most of the server's idle CPU with many PeerConnections.
    /// </summary>
    private long NextTickDelayMs(bool busy)
    {
        if (busy)
        {
            return (long)_timings.CheckInterval.TotalMilliseconds;
        }
        long idle = (long)_timings.IdleTick.TotalMilliseconds;
        if (_selected is not null && !_sendingStopped)
        {
            return Math.Max(idle, Math.Min(1000, (long)_timings.ConsentInterval.TotalMilliseconds / 2));
        }
        return idle;
    }

    /// <summary>RFC 8489 §6.2.1: retransmit with a doubling timeout; after the last one the pair fails.</summary>
    private bool RetransmitAndExpire(long now)
    {
        bool pending = false;
        _scratch.Clear();
        foreach (IceTransaction tx in _transactions.Values)
        {
            if (tx.Consent)
            {
                if (now >= tx.ExpiresAt)
                {
                    _scratch.Add(tx);
                }
                continue;
            }
            pending = true;
            if (now < tx.NextSendAt)
            {
                continue;
            }
            if (tx.Attempts >= _timings.CheckAttempts)
            {
                _scratch.Add(tx);
                if (tx.Pair.State == IceCandidatePairState.InProgress)
                {
                    tx.Pair.State = IceCandidatePairState.Failed;
                }
                if (tx.Nominate)
                {
                    _nominating = false;
                }
                continue;
            }
            tx.Attempts++;
            tx.RtoMs *= 2;
            tx.NextSendAt = now + tx.RtoMs;
            tx.Pair.Base.Endpoint.SendTo(tx.Request.AsSpan(0, tx.Length), tx.Pair.RemoteAddress);
        }
        foreach (IceTransaction tx in _scratch)
        {
            _transactions.Remove(tx.Key);
        }
        _scratch.Clear();
        return pending;
    }

    /// <summary>
    /// One new check per tick (RFC 8445 §6.1.4.2 pacing): a triggered check first, else the highest-priority waiting
    /// pair. With one data stream and one component (BUNDLE, rtcp-mux) every pair starts waiting: the frozen
    /// algorithm would only order checks by foundation, and priority order does that here.
    /// </summary>
    private bool SendNextCheck()
    {
        while (_triggered.Count > 0)
        {
            IceCandidatePair triggered = _triggered.Dequeue();
            triggered.InTriggeredQueue = false;
            if (triggered.Generation == _generation && triggered.State == IceCandidatePairState.Waiting)
            {
                SendCheck(triggered, nominate: false, consent: false);
                return true;
            }
        }
        IceCandidatePair? best = null;
        foreach (IceCandidatePair pair in _pairs)
        {
            if (pair.State == IceCandidatePairState.Waiting && (best is null || pair.Priority > best.Priority))
            {
                best = pair;
            }
        }
        if (best is not null)
        {
            SendCheck(best, nominate: false, consent: false);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Regular nomination (RFC 8445 §8.1.1): once a pair is valid, wait until better pairs are done or
    /// <see cref="IceTimings.NominationDelay"/> passed, then repeat the check on the best valid pair with USE-CANDIDATE.
    /// </summary>
    private bool NominateIfReady(long now)
    {
        if (_role != IceRole.Controlling || _nominating || _firstValidAt == 0)
        {
            return false;
        }
        IceCandidatePair? best = null;
        foreach (IceCandidatePair pair in _pairs)
        {
            if (pair.Nominated && pair.State == IceCandidatePairState.Succeeded)
            {
                return false; // done for this generation
            }
            if (pair.State == IceCandidatePairState.Succeeded && (best is null || pair.Priority > best.Priority))
            {
                best = pair;
            }
        }
        if (best is null)
        {
            return false;
        }
        bool betterPending = false;
        foreach (IceCandidatePair pair in _pairs)
        {
            if (pair.Priority > best.Priority && pair.State is IceCandidatePairState.Waiting or IceCandidatePairState.InProgress)
            {
                betterPending = true;
                break;
            }
        }
        if (betterPending && now - _firstValidAt < (long)_timings.NominationDelay.TotalMilliseconds)
        {
            return true;
        }
        _nominating = true;
        SendCheck(best, nominate: true, consent: false);
        return true;
    }

    /// <summary>RFC 7675: consent checks on the selected pair; no answer for long enough means disconnected, then failed.</summary>
    private void CheckConsent(long now)
    {
        IceCandidatePair? selected = _selected;
        if (selected is null || _sendingStopped)
        {
            return;
        }
        if (!_lite && now >= selected.NextConsentAt)
        {
            selected.NextConsentAt = now + ConsentDelay();
            SendCheck(selected, nominate: false, consent: true);
        }
        long silence = now - selected.LastConsentAt;
        if (silence > (long)_timings.ConsentTimeout.TotalMilliseconds)
        {
            // RFC 7675 §5.1: consent expired; stop sending.
            _sendingStopped = true;
            if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
            {
                JanusLog.Verbose($"[ice] {_keys.Local.Ufrag}: consent expired on {selected}");
            }
            SetState(IceConnectionState.Failed);
        }
        else if (silence > (long)_timings.DisconnectedTimeout.TotalMilliseconds && _state is IceConnectionState.Connected or IceConnectionState.Completed)
        {
            SetState(IceConnectionState.Disconnected);
        }
    }

    /// <summary>No pair selected: fail when every pair failed after end-of-candidates, or checks ran too long.</summary>
    private void CheckFailure(long now)
    {
        if (!_started || _selected is not null || _state is IceConnectionState.Failed or IceConnectionState.Closed)
        {
            return;
        }
        bool allFailed = _remoteComplete && _triggered.Count == 0;
        if (allFailed)
        {
            foreach (IceCandidatePair pair in _pairs)
            {
                if (pair.State != IceCandidatePairState.Failed)
                {
                    allFailed = false;
                    break;
                }
            }
        }
        if (allFailed || now - _checksStartedAt > (long)_timings.CheckingTimeout.TotalMilliseconds)
        {
            SetState(IceConnectionState.Failed);
        }
    }

    /// <summary>RFC 8445 §7.2.2: USERNAME "remote:local", PRIORITY, the role and its tie-breaker, USE-CANDIDATE, integrity.</summary>
    private void SendCheck(IceCandidatePair pair, bool nominate, bool consent)
    {
        CredentialKeys? keys = pair.Generation == _generation ? _keys : _previousKeys;
        if (keys?.RemoteUfrag is null || keys.RemotePassword is null)
        {
            return;
        }
        byte[] buffer = new byte[128 + keys.RemoteUfrag.Length + keys.LocalUfrag.Length];
        TransactionKey key = TransactionKey.NewRandom(buffer.AsSpan(8, 12));
        var writer = new StunWriter(buffer, StunConstants.BindingRequest, buffer.AsSpan(8, 12));
        writer.AddUsername(keys.RemoteUfrag, keys.LocalUfrag);
        writer.AddUInt32(StunAttributeType.Priority, pair.Base.PeerReflexivePriority);
        if (_role == IceRole.Controlling)
        {
            writer.AddUInt64(StunAttributeType.IceControlling, _tieBreaker);
            if (nominate)
            {
                writer.AddFlag(StunAttributeType.UseCandidate);
            }
        }
        else
        {
            writer.AddUInt64(StunAttributeType.IceControlled, _tieBreaker);
        }
        writer.AddMessageIntegrity(keys.RemotePassword);
        writer.AddFingerprint();
        long now = _time.Milliseconds();
        long rto = (long)_timings.CheckRto.TotalMilliseconds;
        var tx = new IceTransaction(key, pair, buffer, writer.Length, keys.RemotePassword, _role)
        {
            Nominate = nominate,
            Consent = consent,
            Attempts = 1,
            RtoMs = rto,
            // RFC 7675 §5.1: consent checks are not retransmitted; a new one goes out every interval instead.
            NextSendAt = consent ? long.MaxValue : now + rto,
            ExpiresAt = now + (long)_timings.ConsentTimeout.TotalMilliseconds,
        };
        _transactions[key] = tx;
        if (!consent && pair.State != IceCandidatePairState.Succeeded)
        {
            pair.State = IceCandidatePairState.InProgress;
        }
        _mux?.ClaimAddress(pair.RemoteAddress, this);
        pair.Base.Endpoint.SendTo(buffer.AsSpan(0, writer.Length), pair.RemoteAddress);
    }
}
