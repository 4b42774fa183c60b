namespace Janus.Media.Sctp;

internal enum TsnStatus
{
    New,
    Duplicate,
    OutOfWindow,
}

/// <summary>
/// Which of the peer's TSNs have arrived: the cumulative TSN plus a bitmap of those above it (RFC 9260 §6.2),
/// from which SACK gap blocks and duplicate reports are built. The window is bounded so a hostile TSN cannot
/// make it grow; gap offsets always fit the 16 bits of a gap block.
/// </summary>
internal sealed class TsnReceiveTracker
{
    public const uint Window = 65535;
    private readonly ulong[] _bits = new ulong[65536 / 64];
    private uint _cumulative;
    private uint _highest;

    public uint CumulativeTsn => _cumulative;
    public uint HighestReceived => _highest;
    public bool HasGaps => _highest != _cumulative;

    public void Reset(uint peerInitialTsn)
    {
        Array.Clear(_bits);
        _cumulative = peerInitialTsn - 1;
        _highest = _cumulative;
    }

    public TsnStatus Check(uint tsn)
    {
        if (SerialNumber.LessOrEqual(tsn, _cumulative))
        {
            return TsnStatus.Duplicate;
        }

        if (tsn - _cumulative > Window)
        {
            return TsnStatus.OutOfWindow;
        }

        return IsSet(tsn) ? TsnStatus.Duplicate : TsnStatus.New;
    }

    /// <summary>Marks a TSN that <see cref="Check"/> found new.</summary>
    public void Mark(uint tsn)
    {
        Set(tsn, true);
        if (SerialNumber.Greater(tsn, _highest))
        {
            _highest = tsn;
        }

        AdvanceOverReceived();
    }

    /// <summary>FORWARD-TSN (RFC 3758 §3.6): everything up to <paramref name="newCumulative"/> counts as received.</summary>
    public void ForwardTo(uint newCumulative)
    {
        if (!SerialNumber.Greater(newCumulative, _cumulative))
        {
            return;
        }

        uint distance = newCumulative - _cumulative;
        if (distance >= Window)
        {
            Array.Clear(_bits);
        }
        else
        {
            for (uint tsn = _cumulative + 1; tsn != newCumulative + 1; tsn++)
            {
                Set(tsn, false);
            }
        }

        _cumulative = newCumulative;
        if (SerialNumber.Less(_highest, _cumulative))
        {
            _highest = _cumulative;
        }

        AdvanceOverReceived();
    }

    /// <summary>Fills gap blocks (offsets from the cumulative TSN) up to the span's length; returns how many.</summary>
    public int GetGapBlocks(Span<GapAckBlock> blocks)
    {
        int count = 0;
        uint end = _highest - _cumulative;
        uint offset = 1;
        while (offset <= end && count < blocks.Length)
        {
            while (offset <= end && !IsSet(_cumulative + offset))
            {
                offset++;
            }

            if (offset > end)
            {
                break;
            }

            uint start = offset;
            while (offset <= end && IsSet(_cumulative + offset))
            {
                offset++;
            }

            blocks[count++] = new GapAckBlock((ushort)start, (ushort)(offset - 1));
        }

        return count;
    }

    private void AdvanceOverReceived()
    {
        while (IsSet(_cumulative + 1))
        {
            _cumulative++;
            Set(_cumulative, false);
        }
    }

    private bool IsSet(uint tsn) => (_bits[(tsn & 0xFFFF) >> 6] & (1UL << (int)(tsn & 63))) != 0;

    private void Set(uint tsn, bool value)
    {
        ref ulong word = ref _bits[(tsn & 0xFFFF) >> 6];
        ulong mask = 1UL << (int)(tsn & 63);
        word = value ? word | mask : word & ~mask;
    }
}
