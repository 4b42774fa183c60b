using System.Buffers;

namespace Janus.Scripting.Hosting;

/// <summary>
/// The packets a script takes (incomingRtp, incomingRtcp, incomingBinaryData), on their way from receive threads to
/// the plugin's thread without an allocation per packet: each is copied into a pooled buffer and a slot of a fixed
/// ring, and the plugin's queue gets one cached drain item per burst (when the ring turns non-empty), not one per
/// packet. A full ring drops the packet and counts it, as the plugin queue does for other posts.
/// </summary>
internal sealed class ScriptPacketLane
{
    public enum Kind : byte
    {
        Rtp,
        Rtcp,
        Binary,
    }

    private struct Slot
    {
        public Kind Kind;
        public bool Video;
        public long Id;
        public byte[] Buffer;
        public int Length;
        public string? Label;
        public string? Protocol;
    }

    private readonly object _gate = new();
    private readonly Slot[] _ring;
    private readonly Action _drain;
    private readonly Func<Action, bool> _post;
    private readonly Action<Kind, long, bool, ReadOnlySpan<byte>, string?, string?> _deliver;
    private int _head;
    private int _count;
    private bool _drainQueued;
    private long _dropped;

    /// <param name="capacity">Packets that may wait at once.</param>
    /// <param name="post">Queues the drain on the plugin's thread (false when the queue refuses it).</param>
    /// <param name="deliver">Hands one packet to the script, on the plugin's thread; the span is valid during the call only.</param>
    public ScriptPacketLane(int capacity, Func<Action, bool> post, Action<Kind, long, bool, ReadOnlySpan<byte>, string?, string?> deliver)
    {
        _ring = new Slot[Math.Max(1, capacity)];
        _post = post;
        _deliver = deliver;
        _drain = Drain;
    }

    /// <summary>Packets dropped because the ring was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Copies <paramref name="data"/> into the ring; false (dropped, counted) when it is full.</summary>
    public bool TryEnqueue(Kind kind, long id, bool video, ReadOnlySpan<byte> data, string? label = null, string? protocol = null)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, data.Length));
        data.CopyTo(buffer);
        bool queueDrain;
        lock (_gate)
        {
            if (_count == _ring.Length)
            {
                Interlocked.Increment(ref _dropped);
                ArrayPool<byte>.Shared.Return(buffer);
                return false;
            }
            ref Slot slot = ref _ring[(_head + _count) % _ring.Length];
            slot.Kind = kind;
            slot.Video = video;
            slot.Id = id;
            slot.Buffer = buffer;
            slot.Length = data.Length;
            slot.Label = label;
            slot.Protocol = protocol;
            _count++;
            queueDrain = !_drainQueued;
            _drainQueued = true;
        }
        if (queueDrain && !_post(_drain))
        {
            // The plugin is going away: nothing will drain; let the next packet try again.
            lock (_gate)
            {
                _drainQueued = false;
            }
        }
        return true;
    }

    // On the plugin's thread: every packet waiting now, in arrival order.
    private void Drain()
    {
        while (true)
        {
            Slot slot;
            lock (_gate)
            {
                if (_count == 0)
                {
                    _drainQueued = false;
                    return;
                }
                slot = _ring[_head];
                _ring[_head] = default;
                _head = (_head + 1) % _ring.Length;
                _count--;
            }
            try
            {
                _deliver(slot.Kind, slot.Id, slot.Video, slot.Buffer.AsSpan(0, slot.Length), slot.Label, slot.Protocol);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(slot.Buffer);
            }
        }
    }
}
