namespace Janus.Media.Sctp;

// Processing SACKs (RFC 9260 §6.2.1), fast retransmit (§7.2.4), congestion control (§7.2), T3-rtx expiry (§6.3.3)
// and partial reliability: abandoning messages and moving the peer's ack point with FORWARD-TSN (RFC 3758 §3.5).
public sealed partial class SctpAssociation
{
    private void HandleSack(ReadOnlySpan<byte> value)
    {
        if (!SackChunk.TryParse(value, out SackChunk sack))
        {
            Counters.MalformedDropped++;
            return;
        }

        if (_state is Phase.Idle or Phase.CookieWait or Phase.CookieEchoed or Phase.Closed)
        {
            Counters.UnexpectedDropped++;
            return;
        }

        uint cumulativeAck = sack.CumulativeTsnAck;
        if (SerialNumber.Less(cumulativeAck, _peerCumulativeAck) || SerialNumber.GreaterOrEqual(cumulativeAck, _nextTsn))
        {
            Counters.UnexpectedDropped++; // stale, or acknowledges what we never sent
            return;
        }

        long now = NowMs;
        bool advanced = SerialNumber.Greater(cumulativeAck, _peerCumulativeAck);
        int bytesAcked = AcknowledgeUpTo(cumulativeAck, now, out uint highestNewlyAcked);

        int gapCount = Math.Min(sack.GapBlockCount, 512);
        foreach (OutboundChunk chunk in _outstanding)
        {
            uint offset = chunk.Tsn - cumulativeAck;
            bool inGap = false;
            for (int i = 0; i < gapCount && !inGap; i++)
            {
                GapAckBlock block = sack.GetGapBlock(i);
                inGap = offset >= block.Start && offset <= block.End;
            }

            if (inGap && !chunk.GapAcked)
            {
                chunk.GapAcked = true;
                chunk.RetransmitPending = false;
                chunk.FastRetransmit = false;
                if (chunk.InFlight)
                {
                    chunk.InFlight = false;
                    _flightSize -= chunk.Length;
                }

                if (!chunk.Abandoned)
                {
                    bytesAcked += chunk.Length;
                    ReleaseBuffered(chunk);
                }

                if (SerialNumber.Greater(chunk.Tsn, highestNewlyAcked))
                {
                    highestNewlyAcked = chunk.Tsn;
                }

                TakeRttSample(chunk, now);
            }
            else if (!inGap && chunk.GapAcked)
            {
                chunk.GapAcked = false; // reneged (§6.2): send it again
                chunk.RetransmitPending = !chunk.Abandoned;
            }
        }

        CountMissingReports(highestNewlyAcked, now);
        if (_inFastRecovery && SerialNumber.GreaterOrEqual(cumulativeAck, _fastRecoveryExitPoint))
        {
            _inFastRecovery = false;
        }

        if (advanced)
        {
            _consecutiveTimeouts = 0;
            GrowCongestionWindow(bytesAcked);
            _t3DeadlineMs = NoDeadline; // restarted by UpdateT3 if anything is still outstanding (§6.3.2 R3)
        }

        uint window = sack.AdvertisedReceiverWindow;
        _peerRwnd = window > (uint)_flightSize ? window - (uint)_flightSize : 0;
        AdvanceAckPoint();
    }

    /// <summary>Drops every chunk the cumulative ack covers. Also used by SHUTDOWN, which carries one.</summary>
    private int AcknowledgeUpTo(uint cumulativeAck, long now, out uint highestNewlyAcked)
    {
        highestNewlyAcked = _peerCumulativeAck;
        if (!SerialNumber.Greater(cumulativeAck, _peerCumulativeAck) || SerialNumber.GreaterOrEqual(cumulativeAck, _nextTsn))
        {
            return 0;
        }

        int bytes = 0;
        int covered = 0;
        while (covered < _outstanding.Count && SerialNumber.LessOrEqual(_outstanding[covered].Tsn, cumulativeAck))
        {
            OutboundChunk chunk = _outstanding[covered++];
            if (chunk.InFlight)
            {
                _flightSize -= chunk.Length;
            }

            if (!chunk.GapAcked && !chunk.Abandoned)
            {
                bytes += chunk.Length;
                highestNewlyAcked = chunk.Tsn;
                TakeRttSample(chunk, now);
            }

            ReleaseChunk(chunk);
        }

        _outstanding.RemoveRange(0, covered);
        _peerCumulativeAck = cumulativeAck;
        if (SerialNumber.Less(_advancedPeerAckPoint, cumulativeAck))
        {
            _advancedPeerAckPoint = cumulativeAck;
        }

        return bytes;
    }

    private void ProcessCumulativeAck(uint cumulativeAck)
    {
        if (SerialNumber.Greater(cumulativeAck, _peerCumulativeAck))
        {
            AcknowledgeUpTo(cumulativeAck, NowMs, out _);
            _consecutiveTimeouts = 0;
            _t3DeadlineMs = NoDeadline;
        }
    }

    private void TakeRttSample(OutboundChunk chunk, long now)
    {
        if (_rttPending && chunk.Tsn == _rttTsn)
        {
            _rttPending = false;
            if (chunk.SendCount == 1)
            {
                _rto.AddSample(Math.Max(1, now - _rttSentAtMs));
            }
        }
    }

    /// <summary>§7.2.4 with the HTNA rule: a chunk below the highest TSN newly acked is reported missing once more.</summary>
    private void CountMissingReports(uint highestNewlyAcked, long now)
    {
        foreach (OutboundChunk chunk in _outstanding)
        {
            if (!SerialNumber.Less(chunk.Tsn, highestNewlyAcked))
            {
                break;
            }

            if (chunk.GapAcked || chunk.Abandoned || chunk.RetransmitPending || !chunk.InFlight)
            {
                continue;
            }

            if (++chunk.MissingReports < 3)
            {
                continue;
            }

            chunk.MissingReports = 0;
            if (ShouldAbandon(chunk, now))
            {
                AbandonMessage(chunk.Message);
                continue;
            }

            Counters.FastRetransmits++;
            MarkForRetransmit(chunk);
            chunk.FastRetransmit = true;
            if (!_inFastRecovery)
            {
                _inFastRecovery = true;
                _fastRecoveryExitPoint = _nextTsn - 1;
                _ssthresh = Math.Max(_cwnd / 2, 4 * Mtu);
                _cwnd = _ssthresh;
                _partialBytesAcked = 0;
            }
        }
    }

    private void GrowCongestionWindow(int bytesAcked)
    {
        if (bytesAcked <= 0 || _inFastRecovery)
        {
            return;
        }

        if (_cwnd <= _ssthresh)
        {
            _cwnd += Math.Min(bytesAcked, Mtu); // slow start (§7.2.1)
            return;
        }

        _partialBytesAcked += bytesAcked; // congestion avoidance (§7.2.2)
        if (_partialBytesAcked >= _cwnd)
        {
            _partialBytesAcked -= _cwnd;
            _cwnd += Mtu;
        }
    }

    private void OnT3Expired()
    {
        _t3DeadlineMs = NoDeadline;
        if (_outstanding.Count == 0)
        {
            return;
        }

        Counters.Timeouts++;
        if (++_consecutiveTimeouts > _options.MaxRetransmissions)
        {
            SendAbort("too many retransmissions");
            Terminate("too many retransmissions");
            return;
        }

        // §7.2.3: back to one packet; §6.3.3 E1-E3: double the RTO and resend the earliest outstanding data.
        _ssthresh = Math.Max(_cwnd / 2, 4 * Mtu);
        _cwnd = Mtu;
        _partialBytesAcked = 0;
        _inFastRecovery = false;
        _rttPending = false;
        _rto.BackOff();
        long now = NowMs;
        foreach (OutboundChunk chunk in _outstanding)
        {
            if (chunk.GapAcked || chunk.Abandoned)
            {
                continue;
            }

            if (ShouldAbandon(chunk, now))
            {
                AbandonMessage(chunk.Message);
            }
            else
            {
                MarkForRetransmit(chunk);
            }
        }

        AdvanceAckPoint();
        _forwardTsnNeeded |= SerialNumber.Greater(_advancedPeerAckPoint, _peerCumulativeAck);
    }

    private void MarkForRetransmit(OutboundChunk chunk)
    {
        chunk.RetransmitPending = true;
        chunk.FastRetransmit = false;
        if (chunk.InFlight)
        {
            chunk.InFlight = false;
            _flightSize -= chunk.Length;
        }
    }

    /// <summary>RFC 3758 §4: the message ran out of retransmissions or of lifetime. Only if the peer can skip it.</summary>
    private bool ShouldAbandon(OutboundChunk chunk, long now)
    {
        OutboundMessage message = chunk.Message;
        return _peerForwardTsn && message.IsPartiallyReliable
            && ((message.MaxRetransmits >= 0 && chunk.SendCount > message.MaxRetransmits) || now >= message.ExpiresAtMs);
    }

    private void AbandonMessage(OutboundMessage message)
    {
        if (message.Abandoned)
        {
            return;
        }

        message.Abandoned = true;
        Counters.AbandonedMessages++;
        foreach (OutboundChunk chunk in _outstanding)
        {
            if (chunk.Message != message)
            {
                continue;
            }

            chunk.Abandoned = true;
            chunk.RetransmitPending = false;
            chunk.FastRetransmit = false;
            if (chunk.InFlight)
            {
                chunk.InFlight = false;
                _flightSize -= chunk.Length;
            }

            ReleaseBuffered(chunk);
        }

        if (!message.FullyFragmented)
        {
            DecreaseBuffered(message.Channel, message.Length - message.Offset);
            message.Offset = message.Length;
            ReturnMessageBuffer(message);
        }
    }

    /// <summary>RFC 3758 §3.5 C1-C3: move past abandoned (or already received) chunks; FORWARD-TSN if it moved.</summary>
    private void AdvanceAckPoint()
    {
        if (!_peerForwardTsn)
        {
            return;
        }

        if (SerialNumber.Less(_advancedPeerAckPoint, _peerCumulativeAck))
        {
            _advancedPeerAckPoint = _peerCumulativeAck;
        }

        foreach (OutboundChunk chunk in _outstanding)
        {
            if (SerialNumber.LessOrEqual(chunk.Tsn, _advancedPeerAckPoint))
            {
                continue;
            }

            if (chunk.Tsn != _advancedPeerAckPoint + 1 || !(chunk.Abandoned || chunk.GapAcked))
            {
                break;
            }

            _advancedPeerAckPoint = chunk.Tsn;
        }

        if (SerialNumber.Greater(_advancedPeerAckPoint, _peerCumulativeAck))
        {
            _forwardTsnNeeded = true;
        }
    }
}
