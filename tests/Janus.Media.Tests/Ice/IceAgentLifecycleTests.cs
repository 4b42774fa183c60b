using System.Net;
using System.Net.Sockets;
using Janus.Media.Ice;
using Janus.Media.Ice.Candidates;
using Janus.Media.Ice.Stun;
using Janus.Media.Tests.Ice.Infrastructure;
using static Janus.Media.Tests.Ice.Infrastructure.IceTestNetworks;

namespace Janus.Media.Tests.Ice;

public sealed class IceAgentLifecycleTests
{
    [Theory]
    // Consent every 100 ms: connected agents tick on timers of their own.
    [InlineData(100, 1500, 1800, 1200, 5000)]
    // Consent every 2.5 s: connected agents tick on the network's shared slow tick (IceSlowTicker, 250 ms steps).
    [InlineData(2500, 4000, 5000, 1000, 8000)]
    public async Task ConsentLossMakesTheAgentDisconnectedThenFailed(int consentMs, int timeoutMs, int keepUpMs, int failAfterMinMs, int failAfterMaxMs)
    {
        using IceNetwork network = Create(timings: FastTimings(TimeSpan.FromMilliseconds(consentMs), TimeSpan.FromMilliseconds(timeoutMs)));
        using IceAgent a = network.CreateAgent(IceRole.Controlling, new RecordingSink());
        IceAgent b = network.CreateAgent(IceRole.Controlled, new RecordingSink());
        var states = new List<IceConnectionState>();
        a.StateChanged += (_, s) => { lock (states) { states.Add(s); } };
        Connect(a, b);
        await WaitUntil(() => a.State == IceConnectionState.Completed, "completed");
        // Consent keeps it up well past the timeout while the peer answers. On a loaded machine one late answer may
        // make it Disconnected for a moment (as RFC 7675 allows); it must never fail and must come back.
        await Task.Delay(keepUpMs);
        await WaitUntil(() => a.State == IceConnectionState.Completed, "completed again while consent is answered");
        lock (states)
        {
            Assert.DoesNotContain(IceConnectionState.Failed, states);
        }

        b.Dispose(); // the peer stops answering
        DateTime stoppedAt = DateTime.UtcNow;
        await WaitUntil(() => a.State == IceConnectionState.Failed, "failed after consent expiry", failAfterMaxMs + 2000);
        // The last answer came at most one jittered interval before the stop.
        Assert.InRange((DateTime.UtcNow - stoppedAt).TotalMilliseconds, failAfterMinMs, failAfterMaxMs);
        lock (states)
        {
            Assert.Contains(IceConnectionState.Disconnected, states);
        }
        Assert.False(a.Send(new byte[] { 0x80, 0 }));
    }

    [Fact]
    public async Task IceRestartKeepsMediaOnTheOldPairUntilANewOneIsSelected()
    {
        using IceNetwork network = Create();
        var sinkB = new RecordingSink();
        using IceAgent a = network.CreateAgent(IceRole.Controlling, new RecordingSink());
        using IceAgent b = network.CreateAgent(IceRole.Controlled, sinkB);
        var selections = 0;
        a.SelectedPairChanged += (_, _) => Interlocked.Increment(ref selections);
        Connect(a, b);
        await WaitUntil(() => a.State == IceConnectionState.Completed && b.SelectedPair is not null, "first connection");
        IceCandidatePair oldPair = a.SelectedPair!;
        IceCredentials oldCredentials = a.LocalCredentials;

        IceCredentials newA = a.Restart();
        IceCredentials newB = b.Restart();
        Assert.NotEqual(oldCredentials, newA);
        // Mid-restart, before the new credentials are exchanged: media still flows.
        Assert.True(a.Send(new byte[] { 0x80, 7 }));
        await WaitUntil(() => sinkB.Received.Count == 1, "media during the restart");

        a.SetRemoteCredentials(newB.Ufrag, newB.Password);
        b.SetRemoteCredentials(newA.Ufrag, newA.Password);
        foreach (IceCandidate c in b.GetLocalCandidates())
        {
            a.AddRemoteCandidate(c.ToSdpAttribute());
        }
        foreach (IceCandidate c in a.GetLocalCandidates())
        {
            b.AddRemoteCandidate(c.ToSdpAttribute());
        }
        await WaitUntil(() => Volatile.Read(ref selections) == 2 && b.SelectedPair != null && b.SelectedPair.Nominated, "a new pair after the restart");
        Assert.NotSame(oldPair, a.SelectedPair);
        Assert.True(a.Send(new byte[] { 0x80, 8 }));
        await WaitUntil(() => sinkB.Received.Count == 2, "media on the new pair");
        Assert.Equal(IceConnectionState.Completed, a.State);
    }

    [Fact]
    public async Task GarbageDatagramsAreDroppedAndCounted()
    {
        using IceNetwork network = Create();
        var sink = new RecordingSink();
        using IceAgent a = network.CreateAgent(IceRole.Controlled, sink);
        IPEndPoint target = new(IPAddress.Loopback, a.GetLocalCandidates()[0].Port);
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        attacker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(7983);
        byte[] junk = new byte[200];
        random.NextBytes(junk);
        junk[0] = 0x40; // RFC 7983: not STUN, DTLS or RTP
        attacker.SendTo(junk, target);
        junk[0] = 0x01; // looks like STUN but no magic cookie
        attacker.SendTo(junk, target);
        junk[0] = 22; // DTLS from an address ICE never checked
        attacker.SendTo(junk, target);
        junk[0] = 0x80; // RTP from an address ICE never checked
        attacker.SendTo(junk, target);
        attacker.SendTo(Array.Empty<byte>(), target);
        await WaitUntil(() => a.DroppedDatagrams == 5, "five drops");
        Assert.Empty(sink.Received);
    }

    [Fact]
    public void UnauthenticatedCheckIsAnsweredWith401AndLearnsNothing()
    {
        using IceNetwork network = Create();
        using IceAgent a = network.CreateAgent(IceRole.Controlled, new RecordingSink());
        a.Start();
        IPEndPoint target = new(IPAddress.Loopback, a.GetLocalCandidates()[0].Port);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        peer.ReceiveTimeout = 3000;
        var request = new byte[200];
        var writer = new StunWriter(request, StunConstants.BindingRequest, new byte[12] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 });
        writer.AddUsername(a.LocalCredentials.Ufrag + ":peer");
        writer.AddUInt64(StunAttributeType.IceControlling, 1);
        writer.AddMessageIntegrity("not the password of the agent"u8);
        writer.AddFingerprint();
        peer.SendTo(request.AsSpan(0, writer.Length), SocketFlags.None, target);
        var response = new byte[200];
        int length = peer.Receive(response);
        Assert.True(StunMessage.TryParse(response.AsSpan(0, length), out StunMessage message));
        Assert.True(message.IsErrorResponse);
        Assert.Equal(401, message.ErrorCode);
        Assert.Empty(a.GetPairs());
    }

    [Fact]
    public async Task ServerReflexiveCandidateComesFromTheStunServer()
    {
        using var server = new TinyStunServer(IPAddress.Parse("203.0.113.50"));
        using IceNetwork network = Create(o =>
        {
            o.StunServer = "127.0.0.1";
            o.StunPort = server.Port;
        });
        using IceAgent a = network.CreateAgent(IceRole.Controlled, new RecordingSink());
        var gathered = new List<IceCandidate>();
        a.LocalCandidateGathered += (_, c) => gathered.Add(c);
        await a.GatherCandidatesAsync().WaitAsync(TimeSpan.FromSeconds(5));
        IceCandidate host = a.GetLocalCandidates()[0];
        IceCandidate srflx = Assert.Single(gathered);
        Assert.Equal(IceCandidateType.ServerReflexive, srflx.Type);
        Assert.Equal("203.0.113.50", srflx.Address);
        Assert.Equal(host.Port, srflx.Port);
        Assert.Equal("127.0.0.1", srflx.RelatedAddress);
        Assert.Equal(host.Port, srflx.RelatedPort);
        Assert.Equal(2, a.GetLocalCandidates().Count);
        Assert.True(srflx.Priority < host.Priority);
    }

    [Fact]
    public async Task UnreachableStunServerGivesNoReflexiveCandidate()
    {
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)closed.LocalEndPoint!).Port;
        using IceNetwork network = Create(o =>
        {
            o.StunServer = "127.0.0.1";
            o.StunPort = port;
        });
        using IceAgent a = network.CreateAgent(IceRole.Controlled, new RecordingSink());
        await a.GatherCandidatesAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Single(a.GetLocalCandidates());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nat11MappingReplacesOrAddsThePublicAddress(bool keepPrivateHost)
    {
        // Loopback is never mapped by a family-wide entry, so map it explicitly.
        using IceNetwork network = Create(o =>
        {
            o.Nat11.Add("198.51.100.20=127.0.0.1");
            o.KeepPrivateHost = keepPrivateHost;
        });
        using IceAgent a = network.CreateAgent(IceRole.Controlled, new RecordingSink());
        IReadOnlyList<IceCandidate> candidates = a.GetLocalCandidates();
        if (keepPrivateHost)
        {
            Assert.Equal(2, candidates.Count);
            Assert.Equal("127.0.0.1", candidates[0].Address);
            Assert.Equal(IceCandidateType.ServerReflexive, candidates[1].Type);
            Assert.Equal("198.51.100.20", candidates[1].Address);
        }
        else
        {
            IceCandidate host = Assert.Single(candidates);
            Assert.Equal(IceCandidateType.Host, host.Type);
            Assert.Equal("198.51.100.20", host.Address);
        }
    }

    [Fact]
    public void SocketsBindInsideTheRtpPortRange()
    {
        using IceNetwork network = Create(o =>
        {
            o.RtpPortMin = 42000;
            o.RtpPortMax = 42100;
        });
        using IceAgent a = network.CreateAgent(IceRole.Controlled, new RecordingSink());
        using IceAgent b = network.CreateAgent(IceRole.Controlled, new RecordingSink());
        Assert.InRange(a.GetLocalCandidates()[0].Port, 42000, 42100);
        Assert.InRange(b.GetLocalCandidates()[0].Port, 42000, 42100);
        Assert.NotEqual(a.GetLocalCandidates()[0].Port, b.GetLocalCandidates()[0].Port);
    }

    [Fact]
    public void DisposeClosesTheSocketsAndReportsClosed()
    {
        using IceNetwork network = Create();
        IceAgent a = network.CreateAgent(IceRole.Controlled, new RecordingSink());
        int port = a.GetLocalCandidates()[0].Port;
        IceConnectionState? last = null;
        a.StateChanged += (_, s) => last = s;
        a.Dispose();
        Assert.Equal(IceConnectionState.Closed, last);
        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        again.Bind(new IPEndPoint(IPAddress.Loopback, port)); // would throw if the agent still held it
    }
}
