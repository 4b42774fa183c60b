using System.Diagnostics;
using System.Globalization;
using System.Net;
using Janus.Media.Net;

namespace Janus.Bench.Media;

/// <summary>
/// The floor under the media bench's "CPU per echoed packet": the same UDP reactor, sockets, batching and pacing as
/// an echo PeerConnection, with no WebRTC work at all (no SRTP, no RTP, no plugin): each datagram is sent back as
/// it came. What this costs per packet is the machine's price of a wakeup, <c>recvmmsg</c> and <c>sendmmsg</c> at
/// that rate; the media bench's figure minus this one is what ICE, SRTP, RTP/RTCP and the plugin add.
/// <para>
/// One process: N echo endpoints on a private reactor thread; N client sockets paced by the media bench's own
/// <see cref="PacketPacer"/> (the streams staggered across the interval, 1 ms sleeps between passes) and receiving on
/// the process's shared reactor, as the media bench's peers do. Only the echo reactor thread's CPU is counted (its
/// schedstat time).
/// </para>
/// </summary>
internal static class UdpFloorBench
{
    public const string Usage = "janus-bench udp-floor [N=50] [SECONDS=10] [PPS=50] [--size 1200]";
    private const string ThreadName = "udp-floor"; // thread names show at most 15 characters in /proc

    public static int Run(string[] args)
    {
        var positional = new List<int>();
        int size = 1200;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--size" && i + 1 < args.Length)
            {
                size = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (int.TryParse(args[i], CultureInfo.InvariantCulture, out int value) && value > 0)
            {
                positional.Add(value);
            }
            else
            {
                Console.Error.WriteLine("usage: " + Usage);
                return 2;
            }
        }
        int n = positional.Count > 0 ? positional[0] : 50;
        int seconds = positional.Count > 1 ? positional[1] : 10;
        int rate = positional.Count > 2 ? positional[2] : 50;

        using UdpReactor reactor = UdpReactor.TryCreate(ThreadName)
            ?? throw new PlatformNotSupportedException("the UDP reactor needs epoll (Linux)");
        var echo = new EchoReceiver();
        var servers = new UdpEndpoint[n];
        var clients = new FloorPeer[n];
        try
        {
            for (int i = 0; i < n; i++)
            {
                servers[i] = UdpEndpoint.Bind(IPAddress.Loopback, 0, 0, echo);
                servers[i].Start(reactor);
                clients[i] = new FloorPeer(servers[i].LocalEndPoint);
            }
            using var probe = new ServerProbe(Environment.ProcessId, admin: null, adminSecret: "");
            long sent0, echoed0, ns0, wakeups0, start;
            using (var pacer = new PacketPacer(clients, rate, size))
            {
                pacer.Start();
                Thread.Sleep(2000); // settle: JIT, socket buffers
                (ns0, wakeups0) = probe.ThreadCpu(ThreadName);
                (sent0, echoed0) = Totals(clients);
                start = Stopwatch.GetTimestamp();
                Thread.Sleep(TimeSpan.FromSeconds(seconds));
            }
            (long ns1, long wakeups1) = probe.ThreadCpu(ThreadName);
            (long sent1, long echoed1) = Totals(clients);
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            long echoed = echoed1 - echoed0;

            Console.WriteLine($"udp floor: {n} sockets x {rate} pkt/s x {size} B for {elapsed:F1} s, echo with no WebRTC work");
            Console.WriteLine($"echoed packets/s                {echoed / elapsed:F0}  (sent {sent1 - sent0} in the window)");
            if (echoed > 0)
            {
                Console.WriteLine($"reactor thread CPU per packet   {(ns1 - ns0) / 1000.0 / echoed:F1} us  ({(wakeups1 - wakeups0) / (double)echoed:F2} wakeups per packet; " +
                    $"{(ns1 - ns0) / 1e7 / elapsed:F2} % of a core)");
            }
            return 0;
        }
        finally
        {
            foreach (FloorPeer? client in clients)
            {
                client?.Dispose();
            }
            foreach (UdpEndpoint? server in servers)
            {
                server?.Dispose();
            }
        }
    }

    private static (long Sent, long Echoed) Totals(FloorPeer[] clients)
    {
        long sent = 0, echoed = 0;
        foreach (FloorPeer client in clients)
        {
            sent += client.Sent;
            echoed += client.Echoed;
        }
        return (sent, echoed);
    }

    private sealed class EchoReceiver : IUdpReceiver
    {
        public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, SocketAddress remote) => endpoint.SendTo(datagram, remote);
    }

    /// <summary>
    /// The client side of one echo stream, as an <see cref="EchoPeer"/> minus WebRTC: its socket receives on the bench
    /// process's shared reactor (not the measured one) and the pacer sends plain datagrams through it.
    /// </summary>
    private sealed class FloorPeer : IPacedPeer, IUdpReceiver, IDisposable
    {
        private readonly UdpEndpoint _endpoint;
        private readonly SocketAddress _server;
        private byte[] _packet = [];
        private long _sent;
        private long _echoed;

        public FloorPeer(IPEndPoint server)
        {
            _server = server.Serialize();
            _endpoint = UdpEndpoint.Bind(IPAddress.Loopback, 0, 0, this);
            _endpoint.Start();
        }

        public long Sent => Interlocked.Read(ref _sent);
        public long Echoed => Interlocked.Read(ref _echoed);

        public void SendPacket(int size, int packetsPerSecond)
        {
            if (_packet.Length != size)
            {
                _packet = new byte[size];
            }
            if (_endpoint.SendTo(_packet, _server))
            {
                Interlocked.Increment(ref _sent);
            }
        }

        public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, SocketAddress remote) => Interlocked.Increment(ref _echoed);

        public void Dispose() => _endpoint.Dispose();
    }
}
