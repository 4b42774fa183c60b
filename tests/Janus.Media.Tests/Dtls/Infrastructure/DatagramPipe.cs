using System.Collections.Concurrent;

namespace Janus.Media.Tests.Dtls.Infrastructure;

/// <summary>
/// One direction of an in-memory UDP link: datagrams are copied and delivered, in order, on a dedicated
/// thread (as a socket receive loop would), optionally dropping those a filter picks.
/// </summary>
internal sealed class DatagramPipe : IDisposable
{
    private readonly BlockingCollection<byte[]> _queue = new();
    private readonly Thread _pump;
    private int _sent;

    public DatagramPipe(string name)
    {
        _pump = new Thread(Pump) { IsBackground = true, Name = "pipe-" + name };
        _pump.Start();
    }

    /// <summary>Where delivered datagrams go (the receiving transport's HandleIncoming).</summary>
    public Action<byte[]>? Receiver { get; set; }

    /// <summary>Given the 1-based index of a sent datagram and its bytes, true drops it.</summary>
    public Func<int, byte[], bool>? Drop { get; set; }

    /// <summary>When false, nothing is delivered (the peer vanished).</summary>
    public bool Connected { get; set; } = true;

    public int SentCount => Volatile.Read(ref _sent);

    public int DroppedCount;

    public void Send(ReadOnlySpan<byte> datagram)
    {
        byte[] copy = datagram.ToArray();
        int index = Interlocked.Increment(ref _sent);
        if (!Connected || (Drop?.Invoke(index, copy) ?? false))
        {
            Interlocked.Increment(ref DroppedCount);
            return;
        }
        try
        {
            _queue.Add(copy);
        }
        catch (InvalidOperationException)
        {
            // Disposed: the link is down.
        }
    }

    /// <summary>Injects a datagram as if it came off the wire (not counted as sent).</summary>
    public void Inject(byte[] datagram) => _queue.Add(datagram);

    public void Dispose()
    {
        _queue.CompleteAdding();
        _pump.Join(TimeSpan.FromSeconds(5));
    }

    private void Pump()
    {
        foreach (byte[] datagram in _queue.GetConsumingEnumerable())
        {
            Receiver?.Invoke(datagram);
        }
    }
}
