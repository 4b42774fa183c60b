namespace Janus.Media.Srtp;

/// <summary>
/// Replay protection over packet indices (RFC 3711 §3.3.2): remembers the highest index seen and which of the
/// <see cref="Size"/> indices below it were received. A circular bitmap indexed by index modulo the size, so
/// advancing clears bits instead of shifting words. Not thread-safe.
/// </summary>
internal sealed class ReplayWindow
{
    private readonly ulong[] _bits;
    private readonly int _mask;
    private ulong _highest;
    private bool _any;

    /// <param name="size">A power of two, at least 64.</param>
    public ReplayWindow(int size)
    {
        if (size < 64 || (size & (size - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), "The replay window must be a power of two of at least 64.");
        }

        _bits = new ulong[size / 64];
        _mask = size - 1;
    }

    public int Size => _mask + 1;

    public ulong Highest => _highest;

    /// <summary>Whether <paramref name="index"/> may be accepted (not yet seen and not older than the window).</summary>
    public SrtpStatus Check(ulong index)
    {
        if (!_any || index > _highest)
        {
            return SrtpStatus.Ok;
        }

        if (_highest - index > (ulong)_mask)
        {
            return SrtpStatus.TooOld;
        }

        return IsSet(index) ? SrtpStatus.Replayed : SrtpStatus.Ok;
    }

    /// <summary>Marks an authenticated index as received.</summary>
    public void Accept(ulong index)
    {
        if (!_any)
        {
            _any = true;
            _highest = index;
        }
        else if (index > _highest)
        {
            ulong advance = index - _highest;
            if (advance > (ulong)_mask)
            {
                Array.Clear(_bits);
            }
            else
            {
                for (ulong i = _highest + 1; i < index; i++)
                {
                    Clear(i);
                }
            }

            _highest = index;
        }

        Set(index);
    }

    private bool IsSet(ulong index)
    {
        int bit = (int)(index & (ulong)_mask);
        return (_bits[bit >> 6] & (1UL << (bit & 63))) != 0;
    }

    private void Set(ulong index)
    {
        int bit = (int)(index & (ulong)_mask);
        _bits[bit >> 6] |= 1UL << (bit & 63);
    }

    private void Clear(ulong index)
    {
        int bit = (int)(index & (ulong)_mask);
        _bits[bit >> 6] &= ~(1UL << (bit & 63));
    }
}
