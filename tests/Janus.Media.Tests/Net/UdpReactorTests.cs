using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Janus.Media.Net;

namespace Janus.Media.Tests.Net;

public sealed class UdpReactorTests
{
    [Fact]
    public void OneThreadReceivesFromManySocketsWithEachSendersAddress()
    {
        using UdpReactor reactor = CreateReactor();
        var receiver = new RecordingReceiver();
        var endpoints = new List<UdpEndpoint>();
        try
        {
            for (int i = 0; i < 20; i++)
            {
                UdpEndpoint endpoint = StartedEndpoint(reactor, receiver);
                Assert.True(endpoint.OnReactor);
                endpoints.Add(endpoint);
            }
            Assert.Equal(20, reactor.Count);
            using Socket sender = LoopbackSender();
            int senderPort = ((IPEndPoint)sender.LocalEndPoint!).Port;
            for (int round = 0; round < 3; round++)
            {
                foreach (UdpEndpoint endpoint in endpoints)
                {
                    sender.SendTo(new byte[] { (byte)round, 0x80 }, endpoint.LocalEndPoint);
                }
            }
            Assert.True(SpinWait.SpinUntil(() => receiver.Datagrams.Count == 60, 5000), $"{receiver.Datagrams.Count} of 60 arrived");
            Assert.All(receiver.Datagrams, d => Assert.Equal(senderPort, d.RemotePort));
            Assert.Single(receiver.Threads.Keys);
            foreach (UdpEndpoint endpoint in endpoints)
            {
                Assert.Equal(3, endpoint.Received);
            }
        }
        finally
        {
            endpoints.ForEach(e => e.Dispose());
        }
        Assert.Equal(0, reactor.Count);
    }

    [Fact]
    public void AHandlerMayCloseItsOwnEndpointAndTheReactorGoesOn()
    {
        // A PeerConnection that ends on one of its own datagrams (a DTLS close_notify) closes its sockets on the
        // reactor thread, in the middle of that socket's receive.
        using UdpReactor reactor = CreateReactor();
        var closing = new ClosingReceiver();
        UdpEndpoint doomed = StartedEndpoint(reactor, closing);
        var survivorReceiver = new RecordingReceiver();
        using UdpEndpoint survivor = StartedEndpoint(reactor, survivorReceiver);
        using Socket sender = LoopbackSender();

        sender.SendTo(new byte[] { 1 }, doomed.LocalEndPoint);
        Assert.True(SpinWait.SpinUntil(() => closing.Closed, 5000), "the handler ran and closed its endpoint");
        sender.SendTo(new byte[] { 2 }, survivor.LocalEndPoint);
        Assert.True(SpinWait.SpinUntil(() => survivorReceiver.Datagrams.Count == 1, 5000), "the reactor still delivers");
        Assert.Equal(1, reactor.Count);
    }

    [Fact]
    public void AClosedEndpointGetsNothingMore()
    {
        using UdpReactor reactor = CreateReactor();
        var receiver = new RecordingReceiver();
        UdpEndpoint endpoint = StartedEndpoint(reactor, receiver);
        IPEndPoint address = endpoint.LocalEndPoint;
        using Socket sender = LoopbackSender();
        sender.SendTo(new byte[] { 1 }, address);
        Assert.True(SpinWait.SpinUntil(() => receiver.Datagrams.Count == 1, 5000));

        endpoint.Dispose();
        Assert.Equal(0, reactor.Count);
        sender.SendTo(new byte[] { 2 }, address);
        Thread.Sleep(100);
        Assert.Single(receiver.Datagrams);
    }

    [Fact]
    public void WithoutAReactorTheEndpointReceivesOnItsOwnLoop()
    {
        var receiver = new RecordingReceiver();
        using UdpEndpoint endpoint = UdpEndpoint.Bind(IPAddress.Loopback, 0, 0, receiver);
        endpoint.Start(reactor: null);
        Assert.False(endpoint.OnReactor);
        using Socket sender = LoopbackSender();
        sender.SendTo(new byte[] { 1 }, endpoint.LocalEndPoint);
        Assert.True(SpinWait.SpinUntil(() => receiver.Datagrams.Count == 1, 5000));
    }

    [Fact]
    public void GarbageAndEmptyDatagramsReachTheReceiverAsTheyAre()
    {
        using UdpReactor reactor = CreateReactor();
        var receiver = new RecordingReceiver();
        using UdpEndpoint endpoint = StartedEndpoint(reactor, receiver);
        using Socket sender = LoopbackSender();
        var random = new Random(7);
        var sent = new List<int>();
        for (int i = 0; i < 50; i++)
        {
            byte[] junk = new byte[random.Next(0, 1500)];
            random.NextBytes(junk);
            sender.SendTo(junk, endpoint.LocalEndPoint);
            sent.Add(junk.Length);
        }
        Assert.True(SpinWait.SpinUntil(() => receiver.Datagrams.Count == 50, 5000));
        Assert.Equal(sent.Order(), receiver.Datagrams.Select(d => d.Length).Order());
    }

    [Fact]
    public void DatagramsThatQueueUpWhileAHandlerRunsAllArriveInOrder()
    {
        // The reactor takes up to a batch of datagrams per socket in one recvmmsg: what piled up while the first
        // datagram's handler was busy comes in order, each with its own content and sender.
        using UdpReactor reactor = CreateReactor();
        var receiver = new SequenceReceiver(stallOnFirst: TimeSpan.FromMilliseconds(200));
        using UdpEndpoint endpoint = StartedEndpoint(reactor, receiver);
        using Socket sender = LoopbackSender();
        for (int i = 0; i < 100; i++)
        {
            sender.SendTo(Numbered(i, 10 + i * 7), endpoint.LocalEndPoint);
        }
        Assert.True(SpinWait.SpinUntil(() => receiver.Numbers.Count == 100, 5000), $"{receiver.Numbers.Count} of 100 arrived");
        Assert.Equal(Enumerable.Range(0, 100), receiver.Numbers);
        Assert.Equal(0, receiver.Corrupted);
        Assert.Equal(100, endpoint.Received);
    }

    [Fact]
    public void RepliesSentFromTheReactorThreadLeaveInOrder()
    {
        // Sends made by handlers are queued and leave with sendmmsg when the round ends; one too big for a queue
        // slot goes at once, after what was queued before it.
        using UdpReactor reactor = CreateReactor();
        using UdpEndpoint endpoint = StartedEndpoint(reactor, new EchoReceiver());
        using Socket client = LoopbackSender(receiveTimeoutMs: 5000);
        var buffer = new byte[8192];
        // In chunks, so the client's own receive buffer never overflows (loopback drops what does not fit).
        for (int chunk = 0; chunk < 300; chunk += 25)
        {
            var sizes = new List<int>();
            for (int i = chunk; i < chunk + 25; i++)
            {
                int size = i % 50 == 49 ? 4000 : 10 + i % 1200;
                sizes.Add(size);
                client.SendTo(Numbered(i, size), endpoint.LocalEndPoint);
            }
            for (int i = chunk; i < chunk + 25; i++)
            {
                int length = client.Receive(buffer);
                Assert.Equal(sizes[i - chunk], length);
                Assert.Equal(i, BitConverter.ToInt32(buffer, 0));
                Assert.True(IsIntact(buffer.AsSpan(0, length)), $"datagram {i} came back altered");
            }
        }
        Assert.Equal(0, endpoint.SendErrors);
    }

    [Fact]
    public void AReplyQueuedByAHandlerThatThenClosesItsEndpointStillLeaves()
    {
        // A PeerConnection that answers a DTLS close_notify with its own and closes: the queued answer must not
        // die with the socket.
        using UdpReactor reactor = CreateReactor();
        UdpEndpoint endpoint = StartedEndpoint(reactor, new ReplyThenCloseReceiver());
        using Socket client = LoopbackSender(receiveTimeoutMs: 5000);
        client.SendTo(Numbered(9, 40), endpoint.LocalEndPoint);
        var buffer = new byte[256];
        Assert.Equal(40, client.Receive(buffer));
        Assert.Equal(9, BitConverter.ToInt32(buffer, 0));
        Assert.True(SpinWait.SpinUntil(() => reactor.Count == 0, 5000));
        Assert.Equal(0, endpoint.SendErrors);
    }

    [Fact]
    public void SendsFromOtherThreadsGoOutAtOnce()
    {
        using UdpEndpoint endpoint = UdpEndpoint.Bind(IPAddress.Loopback, 0, 0, new RecordingReceiver());
        using Socket client = LoopbackSender(receiveTimeoutMs: 5000);
        var remote = client.LocalEndPoint!.Serialize();
        Assert.True(endpoint.SendTo(Numbered(5, 64), remote));
        var buffer = new byte[256];
        Assert.Equal(64, client.Receive(buffer));
        Assert.Equal(5, BitConverter.ToInt32(buffer, 0));
    }

    [Fact]
    public void PeriodicWorkRunsOnTheReactorThreadAtItsPeriodWithoutTraffic()
    {
        using UdpReactor reactor = CreateReactor();
        var ticks = new ConcurrentQueue<(long At, string? Thread)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (reactor.Every(TimeSpan.FromMilliseconds(50), () => ticks.Enqueue((clock.ElapsedMilliseconds, Thread.CurrentThread.Name))))
        {
            Assert.True(SpinWait.SpinUntil(() => ticks.Count >= 6, 5000), $"{ticks.Count} ticks in 5 s");
        }
        Assert.All(ticks, t => Assert.Equal("test-reactor", t.Thread));
        // With no datagram the reactor's wait ends when the job is due, not at its 500 ms idle timeout.
        long[] at = ticks.Select(t => t.At).ToArray();
        Assert.True(at[5] < 2000, $"six 50 ms ticks took {at[5]} ms");
        Assert.True(at[1] - at[0] >= 40, $"ticks {at[0]} and {at[1]} ms came too close");
    }

    [Fact]
    public void AStoppedJobRunsNoMoreAndAFailingJobStopsNeitherOthersNorDatagrams()
    {
        using UdpReactor reactor = CreateReactor();
        int stoppedRuns = 0, failures = 0, healthy = 0;
        IDisposable stopped = reactor.Every(TimeSpan.FromMilliseconds(20), () => Interlocked.Increment(ref stoppedRuns));
        using IDisposable failing = reactor.Every(TimeSpan.FromMilliseconds(20), () =>
        {
            Interlocked.Increment(ref failures);
            throw new InvalidOperationException("a tick that throws");
        });
        using IDisposable other = reactor.Every(TimeSpan.FromMilliseconds(20), () => Interlocked.Increment(ref healthy));
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref stoppedRuns) >= 2, 5000));
        stopped.Dispose();
        Thread.Sleep(50); // a tick already running when Dispose was called may still finish
        int runsAtStop = Volatile.Read(ref stoppedRuns);
        int healthyAtStop = Volatile.Read(ref healthy);
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref healthy) >= healthyAtStop + 5, 5000), "the other job stopped ticking");
        Assert.Equal(runsAtStop, Volatile.Read(ref stoppedRuns));
        Assert.True(Volatile.Read(ref failures) >= 5);

        var receiver = new RecordingReceiver();
        using UdpEndpoint endpoint = StartedEndpoint(reactor, receiver);
        using Socket sender = LoopbackSender();
        sender.SendTo(new byte[] { 1, 2, 3 }, endpoint.LocalEndPoint);
        Assert.True(SpinWait.SpinUntil(() => receiver.Datagrams.Count == 1, 5000), "the reactor stopped receiving");
    }

    [Fact]
    public void WhatATickSendsLeavesAtTheEndOfItsRound()
    {
        // Ticks send (RTCP reports, consent checks) through the reactor thread's send queue: the queue must be
        // flushed after the ticks too, not only after datagrams.
        using UdpReactor reactor = CreateReactor();
        using UdpEndpoint endpoint = StartedEndpoint(reactor, new RecordingReceiver());
        using Socket client = LoopbackSender(receiveTimeoutMs: 5000);
        var remote = client.LocalEndPoint!.Serialize();
        int number = 0;
        var sentAt = new long[64];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (reactor.Every(TimeSpan.FromMilliseconds(400), () =>
        {
            int n = Interlocked.Increment(ref number);
            Volatile.Write(ref sentAt[n % sentAt.Length], clock.ElapsedMilliseconds);
            endpoint.SendTo(Numbered(n, 100), remote);
        }))
        {
            var buffer = new byte[256];
            for (int expected = 1; expected <= 2; expected++)
            {
                Assert.Equal(100, client.Receive(buffer));
                Assert.Equal(expected, BitConverter.ToInt32(buffer, 0));
                long waited = clock.ElapsedMilliseconds - Volatile.Read(ref sentAt[expected]);
                // Nothing else wakes the reactor: a datagram left in the queue would only go with the next tick's
                // round, a whole period (400 ms) later.
                Assert.True(waited < 200, $"datagram {expected} arrived {waited} ms after its tick");
            }
        }
    }

    // A datagram carrying its number, then bytes that follow from it, so a mixed-up buffer shows.
    private static byte[] Numbered(int number, int size)
    {
        var datagram = new byte[size];
        BitConverter.GetBytes(number).CopyTo(datagram, 0);
        for (int i = 4; i < size; i++)
        {
            datagram[i] = (byte)(number + i);
        }
        return datagram;
    }

    private static bool IsIntact(ReadOnlySpan<byte> datagram)
    {
        int number = BitConverter.ToInt32(datagram);
        for (int i = 4; i < datagram.Length; i++)
        {
            if (datagram[i] != (byte)(number + i))
            {
                return false;
            }
        }
        return true;
    }

    private static UdpReactor CreateReactor()
    {
        UdpReactor? reactor = UdpReactor.TryCreate("test-reactor");
        Assert.NotNull(reactor); // the tests run on Linux x64/arm64, where epoll is always there
        return reactor;
    }

    private static UdpEndpoint StartedEndpoint(UdpReactor reactor, IUdpReceiver receiver)
    {
        UdpEndpoint endpoint = UdpEndpoint.Bind(IPAddress.Loopback, 0, 0, receiver);
        endpoint.Start(reactor);
        return endpoint;
    }

    private static Socket LoopbackSender(int receiveTimeoutMs = 0)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = receiveTimeoutMs };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private sealed record Datagram(int Length, int RemotePort);

    private sealed class RecordingReceiver : IUdpReceiver
    {
        public ConcurrentQueue<Datagram> Datagrams { get; } = new();
        public ConcurrentDictionary<int, bool> Threads { get; } = new();

        public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, SocketAddress remote)
        {
            Threads[Environment.CurrentManagedThreadId] = true;
            var from = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(remote);
            Datagrams.Enqueue(new Datagram(datagram.Length, from.Port));
        }
    }

    private sealed class SequenceReceiver(TimeSpan stallOnFirst) : IUdpReceiver
    {
        private int _corrupted;
        public ConcurrentQueue<int> Numbers { get; } = new();
        public int Corrupted => _corrupted;

        public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, SocketAddress remote)
        {
            if (Numbers.IsEmpty)
            {
                Thread.Sleep(stallOnFirst);
            }
            if (!IsIntact(datagram) || datagram.Length != 10 + BitConverter.ToInt32(datagram) * 7)
            {
                Interlocked.Increment(ref _corrupted);
            }
            Numbers.Enqueue(BitConverter.ToInt32(datagram));
        }
    }

    private sealed class EchoReceiver : IUdpReceiver
    {
        public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, SocketAddress remote) => endpoint.SendTo(datagram, remote);
    }

    private sealed class ReplyThenCloseReceiver : IUdpReceiver
    {
        public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, SocketAddress remote)
        {
            endpoint.SendTo(datagram, remote);
            endpoint.Dispose();
        }
    }

    private sealed class ClosingReceiver : IUdpReceiver
    {
        private volatile bool _closed;
        public bool Closed => _closed;

        public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, SocketAddress remote)
        {
            endpoint.Dispose();
            _closed = true;
        }
    }
}
