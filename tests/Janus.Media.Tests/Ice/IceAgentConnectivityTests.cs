using System.Net;
using System.Net.Sockets;
using Janus.Media.Ice;
using Janus.Media.Ice.Candidates;
using Janus.Media.Net;
using Janus.Media.Tests.Ice.Infrastructure;
using static Janus.Media.Tests.Ice.Infrastructure.IceTestNetworks;

namespace Janus.Media.Tests.Ice;

public sealed class IceAgentConnectivityTests
{
    [Fact]
    public async Task ControllingAndControlledAgentsConnectAndExchangeDatagrams()
    {
        using IceNetwork network = Create();
        var sinkA = new RecordingSink();
        var sinkB = new RecordingSink();
        using IceAgent a = network.CreateAgent(IceRole.Controlling, sinkA);
        using IceAgent b = network.CreateAgent(IceRole.Controlled, sinkB);
        var selectedA = new TaskCompletionSource<IceCandidatePair>();
        a.SelectedPairChanged += (_, pair) => selectedA.TrySetResult(pair);

        Connect(a, b);

        await WaitUntil(() => a.SelectedPair is not null && b.SelectedPair is not null, "both agents select a pair");
        IceCandidatePair pair = await selectedA.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(pair.Nominated);
        Assert.True(b.SelectedPair!.Nominated);
        Assert.Equal(b.GetLocalCandidates()[0].Port, pair.RemoteEndPoint.Port);

        Assert.True(a.Send(new byte[] { 22, 254, 253, 1, 2, 3 }));
        Assert.True(b.Send(new byte[] { 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }));
        await WaitUntil(() => sinkA.Received.Count == 1 && sinkB.Received.Count == 1, "one datagram each way");
        Assert.True(sinkB.Received.TryPeek(out var atB));
        Assert.Equal(DatagramKind.Dtls, atB.Kind);
        Assert.Equal(new byte[] { 22, 254, 253, 1, 2, 3 }, atB.Data);
        Assert.Same(b.SelectedPair, atB.Pair);
        Assert.True(sinkA.Received.TryPeek(out var atA));
        Assert.Equal(DatagramKind.Rtp, atA.Kind);

        await WaitUntil(() => a.State == IceConnectionState.Completed && b.State == IceConnectionState.Completed, "completed");
        Assert.Equal(0, a.DroppedDatagrams);
        Assert.Equal(0, b.DroppedDatagrams);
    }

    [Fact]
    public async Task StateChangesAreReportedInOrder()
    {
        using IceNetwork network = Create();
        using IceAgent a = network.CreateAgent(IceRole.Controlling, new RecordingSink());
        using IceAgent b = network.CreateAgent(IceRole.Controlled, new RecordingSink());
        var states = new List<IceConnectionState>();
        a.StateChanged += (_, s) => { lock (states) { states.Add(s); } };
        Connect(a, b);
        await WaitUntil(() => a.State == IceConnectionState.Completed, "completed");
        lock (states)
        {
            Assert.Equal(new[] { IceConnectionState.Checking, IceConnectionState.Connected, IceConnectionState.Completed }, states);
        }
    }

    [Theory]
    [InlineData(IceRole.Controlling)]
    [InlineData(IceRole.Controlled)]
    public async Task RoleConflictIsResolvedAndAgentsStillConnect(IceRole bothRoles)
    {
        using IceNetwork network = Create();
        using IceAgent a = network.CreateAgent(bothRoles, new RecordingSink());
        using IceAgent b = network.CreateAgent(bothRoles, new RecordingSink());
        Connect(a, b);
        await WaitUntil(() => a.SelectedPair is not null && b.SelectedPair is not null, "both agents select a pair");
        Assert.NotEqual(a.Role, b.Role);
        Assert.True(a.Send(new byte[] { 0x80, 0 }));
    }

    [Fact]
    public async Task PeerReflexiveCandidateIsLearnedFromAnIncomingCheck()
    {
        using IceNetwork network = Create();
        var sinkB = new RecordingSink();
        using IceAgent a = network.CreateAgent(IceRole.Controlling, new RecordingSink());
        using IceAgent b = network.CreateAgent(IceRole.Controlled, sinkB);
        a.SetRemoteCredentials(b.LocalCredentials.Ufrag, b.LocalCredentials.Password);
        b.SetRemoteCredentials(a.LocalCredentials.Ufrag, a.LocalCredentials.Password);
        a.AddRemoteCandidate(b.GetLocalCandidates()[0].ToSdpAttribute()); // b never hears of a's candidates
        a.Start();
        b.Start();
        await WaitUntil(() => a.SelectedPair is not null && b.SelectedPair is not null, "b selects the peer-reflexive pair");
        Assert.Equal(IceCandidateType.PeerReflexive, b.SelectedPair!.Remote.Type);
        Assert.True(a.Send(new byte[] { 0x80, 1 }));
        await WaitUntil(() => sinkB.Received.Count == 1, "media over the peer-reflexive pair");
    }

    [Fact]
    public async Task IceLiteAgentConnectsWithFullControllingAgent()
    {
        using IceNetwork full = Create();
        using IceNetwork lite = Create(o => o.IceLite = true);
        var sinkLite = new RecordingSink();
        using IceAgent a = full.CreateAgent(IceRole.Controlling, new RecordingSink());
        using IceAgent b = lite.CreateAgent(IceRole.Controlling, sinkLite); // lite is always controlled
        Assert.Equal(IceRole.Controlled, b.Role);
        Connect(a, b);
        await WaitUntil(() => a.SelectedPair is not null && b.SelectedPair is not null, "both select");
        Assert.True(a.Send(new byte[] { 23, 1 }));
        await WaitUntil(() => sinkLite.Received.Count == 1, "datagram at the lite agent");
    }

    [Fact]
    public void MdnsAndTcpCandidatesAreIgnored()
    {
        using IceNetwork network = Create();
        using IceAgent a = network.CreateAgent(IceRole.Controlling, new RecordingSink());
        Assert.True(a.AddRemoteCandidate("candidate:1 1 udp 2122262783 9b36eaac-bb2e-49bb-bb78-21c41c499900.local 54321 typ host generation 0"));
        Assert.True(a.AddRemoteCandidate("candidate:2 1 tcp 1518283007 127.0.0.1 9 typ host tcptype active"));
        Assert.True(a.AddRemoteCandidate("candidate:3 2 udp 2122262782 127.0.0.1 5000 typ host"));
        Assert.False(a.AddRemoteCandidate("candidate:garbage"));
        Assert.Empty(a.GetPairs());
        Assert.True(a.AddRemoteCandidate("candidate:4 1 udp 2122262783 127.0.0.1 5000 typ host"));
        Assert.Single(a.GetPairs());
    }

    [Fact]
    public void LocalCredentialsMeetRfc8839Lengths()
    {
        using IceNetwork network = Create();
        using IceAgent a = network.CreateAgent(IceRole.Controlling, new RecordingSink());
        using IceAgent b = network.CreateAgent(IceRole.Controlling, new RecordingSink());
        Assert.True(a.LocalCredentials.Ufrag.Length >= 4);
        Assert.True(a.LocalCredentials.Password.Length >= 22);
        Assert.NotEqual(a.LocalCredentials, b.LocalCredentials);
        Assert.Throws<ArgumentException>(() => a.SetRemoteCredentials("abc", "short"));
    }

    [Fact]
    public async Task ChecksFailWhenThePeerNeverAnswers()
    {
        using IceNetwork network = Create();
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using IceAgent a = network.CreateAgent(IceRole.Controlling, new RecordingSink());
        a.SetRemoteCredentials("peer", "0123456789012345678901");
        a.AddRemoteCandidate($"candidate:1 1 udp 2122262783 127.0.0.1 {((IPEndPoint)silent.LocalEndPoint!).Port} typ host");
        a.RemoteCandidatesComplete();
        a.Start();
        await WaitUntil(() => a.State == IceConnectionState.Failed, "failed after every check timed out");
        Assert.False(a.Send(new byte[] { 0x80 }));
    }
}
