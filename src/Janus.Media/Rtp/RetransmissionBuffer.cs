using System.Buffers;
using System.Buffers.Binary;

namespace Janus.Media.Rtp;

/// <summary>
/// Keeps the RTP packets recently sent on each SSRC so NACKed ones can be sent again (RFC 4585 §6.2.1,
/// RFC 4588). Packets older than <see cref="MaxAgeMs"/> are released (Janus's <c>min_nack_queue</c>, -Q,
/// 200 ms by default), as are those pushed out of the per-SSRC ring. Packet bytes live in pooled arrays.
/// <para>Not thread-safe: use it from the sending thread of one PeerConnection.</para>
/// </summary>
public sealed class RetransmissionBuffer : IDisposable
{
    public const int DefaultMaxAgeMs = 200;
    public const int DefaultSlotsPerStream = 1024;

    private readonly Dictionary<uint, Stream> _streams = new();
    private readonly ArrayPool<byte> _pool;
    private readonly int _slotsPerStream;
    private int _maxAgeMs;

    /// <param name="maxAgeMs">How long a packet stays available.</param>
    /// <param name="slotsPerStream">Most packets kept per SSRC: a power of two (1024 holds 200 ms of 40 Mbit/s video).</param>
    public RetransmissionBuffer(int maxAgeMs = DefaultMaxAgeMs, int slotsPerStream = DefaultSlotsPerStream, ArrayPool<byte>? pool = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAgeMs);
        if (slotsPerStream < 16 || (slotsPerStream & (slotsPerStream - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slotsPerStream), "Slots per stream must be a power of two, at least 16.");
        }

        _maxAgeMs = maxAgeMs;
        _slotsPerStream = slotsPerStream;
        _pool = pool ?? ArrayPool<byte>.Shared;
    }

    /// <summary>How long packets stay (raise it with the RTT, as Janus does).</summary>
    public int MaxAgeMs
    {
        get => _maxAgeMs;
        set => _maxAgeMs = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public int StreamCount => _streams.Count;

    /// <summary>Packets currently held for <paramref name="ssrc"/>.</summary>
    public int CountOf(uint ssrc) => _streams.TryGetValue(ssrc, out var stream) ? stream.Count : 0;

    /// <summary>Keeps a copy of a sent (unencrypted) RTP packet; false if it is not RTP.</summary>
    public bool Store(ReadOnlySpan<byte> rtpPacket, long nowMs)
    {
        if (rtpPacket.Length < RtpHeaderView.FixedHeaderLength || (rtpPacket[0] >> 6) != 2)
        {
            return false;
        }

        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(rtpPacket[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(rtpPacket[8..]);
        if (!_streams.TryGetValue(ssrc, out var stream))
        {
            stream = new Stream(_slotsPerStream);
            _streams.Add(ssrc, stream);
        }

        stream.Store(_pool, rtpPacket, seq, nowMs);
        stream.Expire(_pool, nowMs - _maxAgeMs);
        return true;
    }

    /// <summary>
    /// Finds a kept packet. With <paramref name="minResendIntervalMs"/> &gt; 0, a packet already resent within that
    /// time is not returned again (repeated NACKs for one loss). The span is valid until the next
    /// <see cref="Store"/> or removal.
    /// </summary>
    public bool TryGet(uint ssrc, ushort sequenceNumber, long nowMs, out ReadOnlySpan<byte> packet, int minResendIntervalMs = 0)
    {
        packet = default;
        if (!_streams.TryGetValue(ssrc, out var stream))
        {
            return false;
        }

        return stream.TryGet(sequenceNumber, nowMs, nowMs - _maxAgeMs, minResendIntervalMs, out packet);
    }

    /// <summary>Releases everything of an SSRC.</summary>
    public void RemoveStream(uint ssrc)
    {
        if (_streams.Remove(ssrc, out var stream))
        {
            stream.Clear(_pool);
        }
    }

    public void Dispose()
    {
        foreach (var stream in _streams.Values)
        {
            stream.Clear(_pool);
        }

        _streams.Clear();
    }

    private struct Slot
    {
        public byte[]? Buffer;
        public int Length;
        public ushort Sequence;
        public long StoredMs;
        public long ResentMs;
        public bool InUse;
    }

    /// <summary>
    /// A ring indexed by sequence number modulo its size; the tail walks forward releasing expired packets.
    /// Released arrays go to a small free list of the stream's own (at most 64, freed with the stream), not back to
    /// the shared pool: at thousands of packets a second the shared pool's per-thread caches overflow and every
    /// overflow is a new array.
    /// </summary>
    private sealed class Stream
    {
        private const int MaxSpareBuffers = 64;

        private readonly Slot[] _slots;
        private readonly Stack<byte[]> _spare = new();
        private readonly int _mask;
        private ushort _head;
        private ushort _tail;

        public Stream(int slots)
        {
            _slots = new Slot[slots];
            _mask = slots - 1;
        }

        public int Count { get; private set; }

        public void Store(ArrayPool<byte> pool, ReadOnlySpan<byte> packet, ushort seq, long nowMs)
        {
            ref var slot = ref _slots[seq & _mask];
            if (slot.InUse)
            {
                Count--;
            }

            if (slot.Buffer is null || slot.Buffer.Length < packet.Length)
            {
                if (slot.Buffer is not null)
                {
                    pool.Return(slot.Buffer);
                }

                slot.Buffer = TakeSpare(pool, packet.Length);
            }

            packet.CopyTo(slot.Buffer);
            slot.Length = packet.Length;
            slot.Sequence = seq;
            slot.StoredMs = nowMs;
            slot.ResentMs = long.MinValue;
            slot.InUse = true;
            Count++;

            if (Count == 1)
            {
                _head = seq;
                _tail = seq;
            }
            else if ((short)(seq - _head) > 0)
            {
                _head = seq;
                // Keep the tail within one ring of the head.
                if ((ushort)(_head - _tail) > _mask)
                {
                    _tail = (ushort)(_head - _mask);
                }
            }
            else if ((short)(seq - _tail) < 0)
            {
                _tail = seq;
            }
        }

        public void Expire(ArrayPool<byte> pool, long oldestAllowedMs)
        {
            int steps = 0;
            while (Count > 0 && steps++ <= _mask)
            {
                ref var slot = ref _slots[_tail & _mask];
                if (slot.InUse && slot.Sequence == _tail)
                {
                    if (slot.StoredMs >= oldestAllowedMs)
                    {
                        return;
                    }

                    Release(pool, ref slot);
                }

                if (_tail == _head)
                {
                    return;
                }

                _tail++;
            }
        }

        public bool TryGet(ushort seq, long nowMs, long oldestAllowedMs, int minResendIntervalMs, out ReadOnlySpan<byte> packet)
        {
            packet = default;
            ref var slot = ref _slots[seq & _mask];
            if (!slot.InUse || slot.Sequence != seq || slot.StoredMs < oldestAllowedMs)
            {
                return false;
            }

            if (minResendIntervalMs > 0 && slot.ResentMs != long.MinValue && nowMs - slot.ResentMs < minResendIntervalMs)
            {
                return false;
            }

            slot.ResentMs = nowMs;
            packet = slot.Buffer.AsSpan(0, slot.Length);
            return true;
        }

        public void Clear(ArrayPool<byte> pool)
        {
            for (int i = 0; i < _slots.Length; i++)
            {
                if (_slots[i].Buffer is not null)
                {
                    pool.Return(_slots[i].Buffer!);
                    _slots[i] = default;
                }
            }

            while (_spare.TryPop(out byte[]? spare))
            {
                pool.Return(spare);
            }
            Count = 0;
        }

        private byte[] TakeSpare(ArrayPool<byte> pool, int length)
        {
            if (_spare.TryPop(out byte[]? spare))
            {
                if (spare.Length >= length)
                {
                    return spare;
                }
                pool.Return(spare);
            }
            return pool.Rent(length);
        }

        private void Release(ArrayPool<byte> pool, ref Slot slot)
        {
            if (_spare.Count < MaxSpareBuffers)
            {
                _spare.Push(slot.Buffer!);
            }
            else
            {
                pool.Return(slot.Buffer!);
            }
            slot = default;
            Count--;
        }
    }
}
