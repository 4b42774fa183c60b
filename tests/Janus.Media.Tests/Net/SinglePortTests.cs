using System.Net;
using System.Net.Sockets;
using Janus.Media.Ice;
using Janus.Media.Tests.Ice.Infrastructure;
using static Janus.Media.Tests.Ice.Infrastructure.IceTestNetworks;

namespace Janus.Media.Tests.Net;

public sealed class SinglePortTests
{
    [Fact]
    public async Task TwoAgentsShareOneSocketAndEachGetsItsOwnPeersDatagrams()
    {
        int port = FreeUdpPort();
        using IceNetwork server = Create(o => o.SinglePort = port);
        using IceNetwork clients = Create();
        var sink1 = new RecordingSink();
        var sink2 = new RecordingSink();
        var peerSink1 = new RecordingSink();
        var peerSink2 = new RecordingSink();
        using IceAgent agent1 = server.CreateAgent(IceRole.Controlled, sink1);
        using IceAgent agent2 = server.CreateAgent(IceRole.Controlled, sink2);
        using IceAgent peer1 = clients.CreateAgent(IceRole.Controlling, peerSink1);
        using IceAgent peer2 = clients.CreateAgent(IceRole.Controlling, peerSink2);
        Assert.Equal(port, agent1.GetLocalCandidates()[0].Port);
        Assert.Equal(port, agent2.GetLocalCandidates()[0].Port);

        Connect(peer1, agent1);
        Connect(peer2, agent2);
        await WaitUntil(() => agent1.SelectedPair is not null && agent2.SelectedPair is not null &&
                              peer1.SelectedPair is not null && peer2.SelectedPair is not null, "all four select");

        Assert.True(peer1.Send(new byte[] { 0x80, 1 }));
        Assert.True(peer2.Send(new byte[] { 0x80, 2 }));
        Assert.True(peer2.Send(new byte[] { 0x80, 2 }));
        await WaitUntil(() => sink1.Received.Count == 1 && sink2.Received.Count == 2, "routing by remote address");
        Assert.All(sink1.Received, r => Assert.Equal(1, r.Data[1]));
        Assert.All(sink2.Received, r => Assert.Equal(2, r.Data[1]));

        Assert.True(agent1.Send(new byte[] { 23, 1 }));
        Assert.True(agent2.Send(new byte[] { 23, 2 }));
        await WaitUntil(() => peerSink1.Received.Count == 1 && peerSink2.Received.Count == 1, "replies");
        Assert.True(peerSink1.Received.TryPeek(out var r1));
        Assert.Equal(1, r1.Data[1]);
        Assert.Equal(0, server.SinglePortDroppedDatagrams);
    }

    [Fact]
    public async Task UnknownUfragAndUnknownAddressAreDroppedWithACounter()
    {
        int port = FreeUdpPort();
        using IceNetwork server = Create(o => o.SinglePort = port);
        using IceAgent agent = server.CreateAgent(IceRole.Controlled, new RecordingSink());
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, port);
        stranger.SendTo(new byte[] { 0x80, 0, 0, 1 }, target);
        var request = new byte[100];
        var writer = new Janus.Media.Ice.Stun.StunWriter(request, Janus.Media.Ice.Stun.StunConstants.BindingRequest, new byte[12]);
        writer.AddUsername("nobody:peer");
        writer.AddFingerprint();
        stranger.SendTo(request.AsSpan(0, writer.Length), SocketFlags.None, target);
        await WaitUntil(() => server.SinglePortDroppedDatagrams == 2, "two drops at the shared socket");
        Assert.Equal(0, agent.DroppedDatagrams);
    }

    [Fact]
    public void DisposingOneAgentLeavesTheSharedSocketOpen()
    {
        int port = FreeUdpPort();
        using IceNetwork server = Create(o => o.SinglePort = port);
        IceAgent first = server.CreateAgent(IceRole.Controlled, new RecordingSink());
        first.Dispose();
        using IceAgent second = server.CreateAgent(IceRole.Controlled, new RecordingSink());
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Assert.Throws<SocketException>(() => probe.Bind(new IPEndPoint(IPAddress.Loopback, port)));
    }

    [Fact]
    public async Task SharedSocketGetsOneServerReflexiveCandidateForEveryAgent()
    {
        using var stun = new TinyStunServer(IPAddress.Parse("203.0.113.77"));
        int port = FreeUdpPort();
        using IceNetwork server = Create(o =>
        {
            o.SinglePort = port;
            o.StunServer = "127.0.0.1";
            o.StunPort = stun.Port;
        });
        using IceAgent agent1 = server.CreateAgent(IceRole.Controlled, new RecordingSink());
        using IceAgent agent2 = server.CreateAgent(IceRole.Controlled, new RecordingSink());
        await agent1.GatherCandidatesAsync().WaitAsync(TimeSpan.FromSeconds(5));
        await agent2.GatherCandidatesAsync().WaitAsync(TimeSpan.FromSeconds(5));
        foreach (IceAgent agent in new[] { agent1, agent2 })
        {
            Assert.Contains(agent.GetLocalCandidates(), c => c.Address == "203.0.113.77" && c.Port == port);
        }
        Assert.Equal(1, Volatile.Read(ref stun.Requests)); // asked once for the shared socket
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
