using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Janus.Media.Net;

namespace Janus.Bench.Media;

/// <summary>
/// The floor under the media bench's "CPU per echoed packet": the same UDP reactor, sockets, batching and pacing as
/// an echo PeerConnection, with no WebRTC work at all (no SRTP, no RTP, no plugin): each datagram is sent back as
/// it came. What this costs per packet is the machine's price of a wakeup, <c>recvmmsg</c> and <c>sendmmsg</c> at
/// that rate; the media bench's figure minus this one is what ICE, SRTP, RTP/RTCP and the plugin add.
/// <para>
/// One process: N echo endpoints on a private reactor thread, N client sockets driven by one pacing thread that
/// staggers the N streams across the interval and sleeps 1 ms between passes, as <see cref="PacketPacer"/> does.
/// Only the reactor thread's CPU is counted (its schedstat time).
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
        var clients = new Socket[n];
        try
        {
            for (int i = 0; i < n; i++)
            {
                servers[i] = UdpEndpoint.Bind(IPAddress.Loopback, 0, 0, echo);
                servers[i].Start(reactor);
                clients[i] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Blocking = false };
                clients[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
                clients[i].Connect(servers[i].LocalEndPoint);
            }
            using var probe = new ServerProbe(Environment.ProcessId, admin: null, adminSecret: "");
            var client = new FloorClient(clients, rate, size);
            var thread = new Thread(client.Run) { IsBackground = true, Name = "floor-client" };
            thread.Start();
            Thread.Sleep(2000); // settle: JIT, socket buffers
            (long ns0, long wakeups0) = probe.ThreadCpu(ThreadName);
            long echoed0 = client.Echoed;
            long start = Stopwatch.GetTimestamp();
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
            (long ns1, long wakeups1) = probe.ThreadCpu(ThreadName);
            long echoed = client.Echoed - echoed0;
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            client.Stop = true;
            thread.Join();

            Console.WriteLine($"udp floor: {n} sockets x {rate} pkt/s x {size} B for {elapsed:F1} s, echo with no WebRTC work");
            Console.WriteLine($"echoed packets/s                {echoed / elapsed:F0}  (sent {client.Sent}, echoed {client.Echoed} in the whole run)");
            if (echoed > 0)
            {
                Console.WriteLine($"reactor thread CPU per packet   {(ns1 - ns0) / 1000.0 / echoed:F1} us  ({(wakeups1 - wakeups0) / (double)echoed:F2} wakeups per packet; " +
                    $"{(ns1 - ns0) / 1e7 / elapsed:F2} % of a core)");
            }
            return 0;
        }
        finally
        {
            foreach (UdpEndpoint? server in servers)
            {
                server?.Dispose();
            }
            foreach (Socket? socket in clients)
            {
                socket?.Dispose();
            }
        }
    }

    private sealed class EchoReceiver : IUdpReceiver
    {
        public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, SocketAddress remote) => endpoint.SendTo(datagram, remote);
    }

    private sealed class FloorClient(Socket[] sockets, int rate, int size)
    {
        private long _sent;
        private long _echoed;
        public volatile bool Stop;

        public long Sent => Interlocked.Read(ref _sent);
        public long Echoed => Interlocked.Read(ref _echoed);

        public void Run()
        {
            byte[] packet = new byte[size];
            byte[] receive = new byte[2048];
            long interval = Stopwatch.Frequency / rate;
            long begin = Stopwatch.GetTimestamp();
            var due = new long[sockets.Length];
            for (int i = 0; i < due.Length; i++)
            {
                due[i] = begin + interval * i / due.Length;
            }
            while (!Stop)
            {
                long now = Stopwatch.GetTimestamp();
                for (int i = 0; i < sockets.Length; i++)
                {
                    int burst = 0;
                    while (due[i] <= now && burst++ < 4)
                    {
                        sockets[i].Send(packet, SocketFlags.None, out SocketError error);
                        if (error == SocketError.Success)
                        {
                            Interlocked.Increment(ref _sent);
                        }
                        due[i] += interval;
                    }
                    if (due[i] <= now)
                    {
                        due[i] = now + interval;
                    }
                    while (sockets[i].Receive(receive, SocketFlags.None, out SocketError received) > 0 && received == SocketError.Success)
                    {
                        Interlocked.Increment(ref _echoed);
                    }
                }
                Thread.Sleep(1);
            }
        }
    }
}
