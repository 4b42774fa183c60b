using System.Net;
using System.Net.Sockets;
using Janus.Core.Configuration;
using Janus.Media.Ice;
using Janus.Media.Tests.Ice.Infrastructure;
using Janus.Media.Tests.Infrastructure;

namespace Janus.Media.Tests.Ice;

/// <summary>
/// The agent's timers on a clock the test drives (the network's <see cref="TimeProvider"/>): RFC timings checked
/// to the millisecond in no time. The peer is a loopback socket that never answers; the test counts what reaches it.
/// </summary>
public sealed class IceAgentTimingTests : IDisposable
{
    private readonly ManualTimeProvider _clock = new();
    private readonly Socket _silentPeer = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IceNetwork _network;

    public IceAgentTimingTests()
    {
        _silentPeer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        // The RFC defaults: Ta 50 ms, RTO 250 ms doubling, 7 transmissions, 30 s to give up.
        _network = new IceNetwork(new MediaOptions { AllowLoopback = true }, new IceTimings(), IceTestNetworks.LoopbackOnly, _clock);
    }

    public void Dispose()
    {
        _network.Dispose();
        _silentPeer.Dispose();
    }

    private void AdvanceTo(long ms) => _clock.AdvanceTo(ms);

    // Loopback delivery is done when SendTo returns; the short poll only guards against a slow machine.
    private int ChecksReceived(bool expectOne)
    {
        int count = 0;
        var buffer = new byte[1500];
        while (_silentPeer.Poll(expectOne && count == 0 ? 200_000 : 0, SelectMode.SelectRead))
        {
            _silentPeer.Receive(buffer);
            count++;
        }
        return count;
    }

    private IceAgent StartAgentAgainstTheSilentPeer()
    {
        IceAgent agent = _network.CreateAgent(IceRole.Controlling, new RecordingSink());
        agent.SetRemoteCredentials("peer", "0123456789012345678901");
        Assert.True(agent.AddRemoteCandidate(
            $"candidate:1 1 udp 2122262783 127.0.0.1 {((IPEndPoint)_silentPeer.LocalEndPoint!).Port} typ host"));
        agent.RemoteCandidatesComplete();
        agent.Start();
        return agent;
    }

    [Fact]
    public void AnUnansweredCheckIsRetransmittedWithADoublingTimeoutSevenTimes()
    {
        using IceAgent agent = StartAgentAgainstTheSilentPeer();
        // RFC 8489 §6.2.1: sent at once, then after 250, 500, 1000, 2000, 4000 and 8000 ms (the agent ticks every
        // Ta = 50 ms while a check is in flight, and its first tick comes 1 ms after Start).
        long[] sentAt = [1, 251, 751, 1751, 3751, 7751, 15751];
        foreach (long at in sentAt)
        {
            AdvanceTo(at - 1);
            Assert.True(ChecksReceived(expectOne: false) == 0, $"a check before {at} ms");
            AdvanceTo(at);
            Assert.True(ChecksReceived(expectOne: true) == 1, $"no check at {at} ms");
        }
        AdvanceTo(29_000);
        Assert.Equal(0, ChecksReceived(expectOne: false));
        Assert.Equal(IceConnectionState.Checking, agent.State);
    }

    [Fact]
    public void ChecksThatGetNoAnswerFailTheAgentAfterTheCheckingTimeout()
    {
        using IceAgent agent = StartAgentAgainstTheSilentPeer();
        var states = new List<IceConnectionState>();
        agent.StateChanged += (_, state) => states.Add(state);

        AdvanceTo(30_000);
        Assert.Equal(IceConnectionState.Checking, agent.State);
        AdvanceTo(30_050); // the first tick past 30 s
        Assert.Equal(IceConnectionState.Failed, agent.State);
        Assert.Equal([IceConnectionState.Failed], states);
        Assert.False(agent.Send(new byte[] { 0x80 }));
    }
}
