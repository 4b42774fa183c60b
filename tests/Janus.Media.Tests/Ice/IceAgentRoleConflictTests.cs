using System.Net;
using System.Net.Sockets;
using System.Text;
using Janus.Media.Ice;
using Janus.Media.Ice.Stun;
using Janus.Media.Tests.Ice.Infrastructure;
using static Janus.Media.Tests.Ice.Infrastructure.IceTestNetworks;

namespace Janus.Media.Tests.Ice;

/// <summary>RFC 8445 §7.3.1.1 with a hand-made peer, so each branch of the tie-breaker comparison is hit on purpose.</summary>
public sealed class IceAgentRoleConflictTests
{
    [Fact]
    public void ControllingAgentWithSmallerTieBreakerBecomesControlled()
    {
        using IceNetwork network = Create();
        using IceAgent agent = network.CreateAgent(IceRole.Controlling, new RecordingSink());
        StunResult answer = SendCheck(agent, controlling: true, tieBreaker: ulong.MaxValue);
        Assert.True(answer.Success);
        Assert.Equal(IceRole.Controlled, agent.Role);
    }

    [Fact]
    public void ControllingAgentWithLargerTieBreakerAnswers487()
    {
        using IceNetwork network = Create();
        using IceAgent agent = network.CreateAgent(IceRole.Controlling, new RecordingSink());
        StunResult answer = SendCheck(agent, controlling: true, tieBreaker: 0);
        Assert.False(answer.Success);
        Assert.Equal(487, answer.ErrorCode);
        Assert.True(answer.IntegrityOk);
        Assert.Equal(IceRole.Controlling, agent.Role);
    }

    [Fact]
    public void ControlledAgentWithLargerTieBreakerBecomesControlling()
    {
        using IceNetwork network = Create();
        using IceAgent agent = network.CreateAgent(IceRole.Controlled, new RecordingSink());
        StunResult answer = SendCheck(agent, controlling: false, tieBreaker: 0);
        Assert.True(answer.Success);
        Assert.Equal(IceRole.Controlling, agent.Role);
    }

    [Fact]
    public void ControlledAgentWithSmallerTieBreakerAnswers487()
    {
        using IceNetwork network = Create();
        using IceAgent agent = network.CreateAgent(IceRole.Controlled, new RecordingSink());
        StunResult answer = SendCheck(agent, controlling: false, tieBreaker: ulong.MaxValue);
        Assert.Equal(487, answer.ErrorCode);
        Assert.Equal(IceRole.Controlled, agent.Role);
    }

    [Fact]
    public void SuccessResponseCarriesTheSourceAddressAndIsSigned()
    {
        using IceNetwork network = Create();
        using IceAgent agent = network.CreateAgent(IceRole.Controlled, new RecordingSink());
        StunResult answer = SendCheck(agent, controlling: true, tieBreaker: 1);
        Assert.True(answer.Success);
        Assert.True(answer.IntegrityOk);
        Assert.True(answer.FingerprintOk);
        Assert.Equal(answer.Source, answer.Mapped);
        Assert.Single(agent.GetPairs()); // the peer-reflexive pair it learned
    }

    private readonly record struct StunResult(bool Success, int ErrorCode, bool IntegrityOk, bool FingerprintOk, IPEndPoint? Mapped, IPEndPoint Source);

    private static StunResult SendCheck(IceAgent agent, bool controlling, ulong tieBreaker)
    {
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        peer.ReceiveTimeout = 3000;
        byte[] password = Encoding.UTF8.GetBytes(agent.LocalCredentials.Password);
        var request = new byte[200];
        var writer = new StunWriter(request, StunConstants.BindingRequest, new byte[12] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2 });
        writer.AddUsername(agent.LocalCredentials.Ufrag + ":peerufrag");
        writer.AddUInt32(StunAttributeType.Priority, 1853824767);
        writer.AddUInt64(controlling ? StunAttributeType.IceControlling : StunAttributeType.IceControlled, tieBreaker);
        writer.AddMessageIntegrity(password);
        writer.AddFingerprint();
        peer.SendTo(request.AsSpan(0, writer.Length), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, agent.GetLocalCandidates()[0].Port));
        var response = new byte[200];
        int length = peer.Receive(response);
        Assert.True(StunMessage.TryParse(response.AsSpan(0, length), out StunMessage message));
        message.TryGetXorMappedAddress(out IPEndPoint? mapped);
        return new StunResult(message.IsSuccessResponse, message.ErrorCode, message.VerifyMessageIntegrity(password),
            message.VerifyFingerprint(), mapped, (IPEndPoint)peer.LocalEndPoint!);
    }
}
