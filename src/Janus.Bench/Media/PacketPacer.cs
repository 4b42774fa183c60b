using System.Diagnostics;

namespace Janus.Bench.Media;

/// <summary>What <see cref="PacketPacer"/> drives: sends one packet of the given size, the stream being at the given rate.</summary>
internal interface IPacedPeer
{
    void SendPacket(int size, int packetsPerSecond);
}

/// <summary>
/// One thread that sends every peer's packets at a fixed rate, the peers staggered across the interval so the
/// server sees a steady stream rather than bursts of N. An echo peer's outbound SRTP session is touched only here.
/// </summary>
internal sealed class PacketPacer : IDisposable
{
    private readonly IPacedPeer[] _peers;
    private readonly int _packetsPerSecond;
    private readonly int _packetSize;
    private readonly Thread _thread;
    private volatile bool _stop;

    public PacketPacer(IPacedPeer[] peers, int packetsPerSecond, int packetSize)
    {
        _peers = peers;
        _packetsPerSecond = packetsPerSecond;
        _packetSize = packetSize;
        _thread = new Thread(Run) { IsBackground = true, Name = "bench-pacer" };
    }

    public void Start() => _thread.Start();

    private void Run()
    {
        long interval = Stopwatch.Frequency / _packetsPerSecond;
        long start = Stopwatch.GetTimestamp();
        var due = new long[_peers.Length];
        for (int i = 0; i < due.Length; i++)
        {
            due[i] = start + interval * i / due.Length;
        }
        while (!_stop)
        {
            long now = Stopwatch.GetTimestamp();
            for (int i = 0; i < _peers.Length; i++)
            {
                // Catch up at most a few packets after a stall rather than flooding.
                int burst = 0;
                while (due[i] <= now && burst++ < 4)
                {
                    _peers[i].SendPacket(_packetSize, _packetsPerSecond);
                    due[i] += interval;
                }
                if (due[i] <= now)
                {
                    due[i] = now + interval;
                }
            }
            Thread.Sleep(1);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
