namespace Janus.Media.Rtp.Feedback;

/// <summary>
/// Finds the gaps in the RTP sequence numbers we receive on one stream and decides when to ask for them again
/// with a generic NACK (RFC 4585 §6.2.1), as Janus's core does: a missing packet is requested at once, then again
/// every <see cref="RetryIntervalMs"/> until it arrives or <see cref="MaxRequests"/> requests went unanswered.
/// At most <see cref="Capacity"/> packets are tracked; a jump larger than <see cref="MaxGap"/> is a restart, not loss.
/// <para>Not thread-safe: the receive path calls it under the PeerConnection's receive lock. Allocates only when built.</para>
/// </summary>
internal sealed class NackGenerator
{
    public const int Capacity = 256;
    public const int MaxGap = 500;
    public const int MaxRequests = 3;
    public const int RetryIntervalMs = 100;

    private readonly ushort[] _missing = new ushort[Capacity];
    private readonly long[] _lastRequestMs = new long[Capacity];
    private readonly byte[] _requests = new byte[Capacity];
    private int _count;
    private bool _started;
    private ushort _highest;

    /// <summary>Sequence numbers currently waited for.</summary>
    public int MissingCount => _count;

    /// <summary>Whether <paramref name="sequenceNumber"/> is one we are still waiting for (a repair would fill a gap).</summary>
    public bool IsMissing(ushort sequenceNumber)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_missing[i] == sequenceNumber)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Records an arrival; returns how many packets it revealed as newly missing (the "lost" of slowlink's uplink).
    /// </summary>
    public int OnPacket(ushort sequenceNumber)
    {
        if (!_started)
        {
            _started = true;
            _highest = sequenceNumber;
            return 0;
        }
        int delta = (short)(ushort)(sequenceNumber - _highest);
        if (delta <= 0)
        {
            // Late, reordered or a retransmission: no longer missing.
            Remove(sequenceNumber);
            return 0;
        }
        if (delta > MaxGap)
        {
            // The sender restarted or skipped far ahead: requesting hundreds of packets would not help.
            _count = 0;
            _highest = sequenceNumber;
            return 0;
        }
        int newlyMissing = delta - 1;
        for (int i = 1; i < delta; i++)
        {
            Add((ushort)(_highest + i));
        }
        _highest = sequenceNumber;
        return newlyMissing;
    }

    /// <summary>
    /// Writes the sequence numbers to request now (ascending in RTP order) into <paramref name="destination"/>
    /// and returns how many; entries that have been requested <see cref="MaxRequests"/> times are dropped.
    /// </summary>
    public int CollectDue(long nowMs, Span<ushort> destination)
    {
        int written = 0;
        int keep = 0;
        for (int i = 0; i < _count; i++)
        {
            bool due = _requests[i] == 0 || nowMs - _lastRequestMs[i] >= RetryIntervalMs;
            if (due && _requests[i] >= MaxRequests)
            {
                continue; // asked often enough and still nothing: give up on it
            }
            if (due && written < destination.Length)
            {
                destination[written++] = _missing[i];
                _lastRequestMs[i] = nowMs;
                _requests[i]++;
            }
            if (keep != i)
            {
                _missing[keep] = _missing[i];
                _lastRequestMs[keep] = _lastRequestMs[i];
                _requests[keep] = _requests[i];
            }
            keep++;
        }
        _count = keep;
        return written;
    }

    public void Reset()
    {
        _count = 0;
        _started = false;
    }

    private void Add(ushort sequenceNumber)
    {
        if (_count == Capacity)
        {
            // Full: forget the oldest, which is the least likely to be repaired in time.
            Array.Copy(_missing, 1, _missing, 0, Capacity - 1);
            Array.Copy(_lastRequestMs, 1, _lastRequestMs, 0, Capacity - 1);
            Array.Copy(_requests, 1, _requests, 0, Capacity - 1);
            _count--;
        }
        _missing[_count] = sequenceNumber;
        _lastRequestMs[_count] = 0;
        _requests[_count] = 0;
        _count++;
    }

    private void Remove(ushort sequenceNumber)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_missing[i] == sequenceNumber)
            {
                int tail = _count - i - 1;
                Array.Copy(_missing, i + 1, _missing, i, tail);
                Array.Copy(_lastRequestMs, i + 1, _lastRequestMs, i, tail);
                Array.Copy(_requests, i + 1, _requests, i, tail);
                _count--;
                return;
            }
        }
    }
}
