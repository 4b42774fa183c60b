using System.Net;
using System.Net.Sockets;
using System.Text;
using Janus.Media.Ice;
using Janus.Media.Ice.Stun;
using Janus.Media.Net;
using Janus.Media.Tests.Ice.Infrastructure;
using static Janus.Media.Tests.Ice.Infrastructure.IceTestNetworks;

namespace Janus.Media.Tests.Ice;

/// <summary>Hostile datagrams fed straight into the agent's receive path: none may throw, and it still connects after.</summary>
public sealed class IceAgentFuzzTests
{
    [Fact]
    public async Task RandomAndMutatedDatagramsNeverThrowFromTheReceivePath()
    {
        using IceNetwork network = Create();
        using IceAgent agent = network.CreateAgent(IceRole.Controlled, new RecordingSink());
        using IceAgent peer = network.CreateAgent(IceRole.Controlling, new RecordingSink());
        agent.SetRemoteCredentials("peerufrag", "peerpasswordpeerpassword");
        agent.Start();
        using var remoteSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        remoteSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // answers go here and are never read
        SocketAddress remote = ((IPEndPoint)remoteSocket.LocalEndPoint!).Serialize();
        UdpEndpoint endpoint = agent.Endpoints[0];
        IUdpReceiver receiver = agent;

        byte[] signed = SignedRequest(agent, useCandidate: true);
        var random = new Random(8445);
        var buffer = new byte[300];
        for (int i = 0; i < 20000; i++)
        {
            int length;
            if (i % 3 == 0)
            {
                length = random.Next(0, buffer.Length);
                random.NextBytes(buffer.AsSpan(0, length));
            }
            else
            {
                length = random.Next(20, signed.Length + 1);
                signed.AsSpan(0, length).CopyTo(buffer);
                buffer[3] = (byte)(length - 20); // keep the framing plausible so deeper code runs
                for (int f = random.Next(0, 3); f > 0; f--)
                {
                    buffer[random.Next(20, length == 20 ? 21 : length)] = (byte)random.Next(256);
                }
            }
            receiver.OnDatagram(endpoint, buffer.AsSpan(0, length), remote);
        }
        Assert.True(agent.DroppedDatagrams > 0);

        // Still a working agent afterwards.
        IceCredentials fresh = agent.Restart();
        agent.SetRemoteCredentials(peer.LocalCredentials.Ufrag, peer.LocalCredentials.Password);
        peer.SetRemoteCredentials(fresh.Ufrag, fresh.Password);
        peer.AddRemoteCandidate(agent.GetLocalCandidates()[0].ToSdpAttribute());
        agent.AddRemoteCandidate(peer.GetLocalCandidates()[0].ToSdpAttribute());
        peer.Start();
        await WaitUntil(() => agent.SelectedPair is not null && peer.SelectedPair is not null, "connection after the fuzzing");
    }

    private static byte[] SignedRequest(IceAgent agent, bool useCandidate)
    {
        var request = new byte[200];
        var writer = new StunWriter(request, StunConstants.BindingRequest, new byte[12] { 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144 });
        writer.AddUsername(agent.LocalCredentials.Ufrag + ":peerufrag");
        writer.AddUInt32(StunAttributeType.Priority, 1853824767);
        writer.AddUInt64(StunAttributeType.IceControlling, 42);
        if (useCandidate)
        {
            writer.AddFlag(StunAttributeType.UseCandidate);
        }
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(agent.LocalCredentials.Password));
        writer.AddFingerprint();
        return request.AsSpan(0, writer.Length).ToArray();
    }
}
