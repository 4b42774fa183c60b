using System.Text;
using Janus.Media.Sctp;
using Janus.Media.Tests.Sctp.Infrastructure;

namespace Janus.Media.Tests.Sctp;

public sealed class SctpAssociationTests
{
    [Fact]
    public void ClientStart_EstablishesBothSides()
    {
        using var pair = new AssociationPair();
        pair.Connect();
        Assert.Equal(1, pair.ClientEvents.EstablishedCount);
        Assert.Equal(1, pair.ServerEvents.EstablishedCount);
    }

    [Fact]
    public void BothSidesStart_InitCollisionStillEstablishesOnce()
    {
        using var pair = new AssociationPair();
        pair.Connect(bothStart: true);
        pair.RunFor(5000);
        Assert.Equal(1, pair.ClientEvents.EstablishedCount);
        Assert.Equal(1, pair.ServerEvents.EstablishedCount);
        var (local, remote) = pair.OpenChannel(fromClient: true);
        Assert.True(local.Send(false, "after collision"u8));
        Assert.True(pair.RunUntil(() => pair.ServerEvents.Messages.Count == 1));
        Assert.Same(remote, pair.ServerEvents.Messages[0].Channel);
    }

    [Fact]
    public void ServerStartOnly_AlsoEstablishes()
    {
        using var pair = new AssociationPair();
        pair.Server.Start();
        Assert.True(pair.RunUntil(() => pair.Client.State == SctpAssociationState.Established
            && pair.Server.State == SctpAssociationState.Established));
    }

    [Fact]
    public void HandshakeSurvivesLostInitAndCookieEcho()
    {
        using var pair = new AssociationPair(lossToServer: 0.5, lossToClient: 0.5, seed: 7);
        pair.Client.Start();
        Assert.True(pair.RunUntil(() => pair.Client.State == SctpAssociationState.Established
            && pair.Server.State == SctpAssociationState.Established));
    }

    [Fact]
    public void ChannelOpenedByClient_UsesEvenIdAndCarriesLabelAndProtocol()
    {
        using var pair = new AssociationPair();
        pair.Connect();
        var (local, remote) = pair.OpenChannel(fromClient: true, label: "chat", protocol: "janus-protocol");
        Assert.Equal(0, local.Id % 2);
        Assert.Equal(local.Id, remote.Id);
        Assert.Equal("chat", remote.Label);
        Assert.Equal("janus-protocol", remote.Protocol);
        Assert.True(remote.Ordered);
        Assert.Equal(DataChannelState.Open, remote.State);
        Assert.Contains(local, pair.ClientEvents.Opened); // the ACK opened it on our side
    }

    [Fact]
    public void ChannelOpenedByServer_UsesOddId()
    {
        using var pair = new AssociationPair();
        pair.Connect();
        var (local, remote) = pair.OpenChannel(fromClient: false, label: "from-server");
        Assert.Equal(1, local.Id % 2);
        Assert.Equal("from-server", remote.Label);
        var (second, _) = pair.OpenChannel(fromClient: false, label: "second");
        Assert.Equal(local.Id + 2, second.Id);
    }

    [Fact]
    public void ChannelOpenedBeforeEstablishment_OpensOnceUp()
    {
        using var pair = new AssociationPair();
        DataChannel early = pair.Client.OpenChannel("early");
        Assert.True(early.Send(false, "queued early"u8));
        pair.Connect();
        Assert.True(pair.RunUntil(() => pair.ServerEvents.Messages.Count == 1));
        Assert.Equal("early", pair.ServerEvents.Opened.Single().Label);
        Assert.Equal("queued early", Encoding.UTF8.GetString(pair.ServerEvents.Messages[0].Data));
    }

    [Fact]
    public void TextAndBinaryMessages_ArriveWithTheirKindBothWays()
    {
        using var pair = new AssociationPair();
        pair.Connect();
        var (client, server) = pair.OpenChannel(fromClient: true);
        Assert.True(client.Send(false, "hello"u8));
        Assert.True(client.Send(true, new byte[] { 1, 2, 3 }));
        Assert.True(server.Send(false, "back"u8));
        Assert.True(pair.RunUntil(() => pair.ServerEvents.Messages.Count == 2 && pair.ClientEvents.Messages.Count == 1));
        Assert.False(pair.ServerEvents.Messages[0].Binary);
        Assert.Equal("hello"u8.ToArray(), pair.ServerEvents.Messages[0].Data);
        Assert.True(pair.ServerEvents.Messages[1].Binary);
        Assert.Equal(new byte[] { 1, 2, 3 }, pair.ServerEvents.Messages[1].Data);
        Assert.Equal("back"u8.ToArray(), pair.ClientEvents.Messages[0].Data);
    }

    [Fact]
    public void EmptyMessages_ArriveEmptyWithTheirKind()
    {
        using var pair = new AssociationPair();
        pair.Connect();
        var (client, _) = pair.OpenChannel(fromClient: true);
        Assert.True(client.Send(false, ReadOnlySpan<byte>.Empty));
        Assert.True(client.Send(true, ReadOnlySpan<byte>.Empty));
        Assert.True(pair.RunUntil(() => pair.ServerEvents.Messages.Count == 2));
        Assert.Empty(pair.ServerEvents.Messages[0].Data);
        Assert.False(pair.ServerEvents.Messages[0].Binary);
        Assert.Empty(pair.ServerEvents.Messages[1].Data);
        Assert.True(pair.ServerEvents.Messages[1].Binary);
    }

    [Fact]
    public void LargeMessage_IsFragmentedAndReassembled()
    {
        using var pair = new AssociationPair();
        pair.Connect();
        var (client, _) = pair.OpenChannel(fromClient: true);
        byte[] big = new byte[200 * 1024];
        new Random(3).NextBytes(big);
        int before = pair.PacketsToServer;
        Assert.True(client.Send(true, big));
        Assert.True(pair.RunUntil(() => pair.ServerEvents.Messages.Count == 1));
        Assert.Equal(big, pair.ServerEvents.Messages[0].Data);
        Assert.True(pair.PacketsToServer - before > 170, "a 200 KB message needs many packets");
    }

    [Fact]
    public void MessageOverRemoteMaxMessageSize_IsRefused()
    {
        using var pair = new AssociationPair(configure: o => new SctpAssociationOptions
        {
            IsDtlsClient = o.IsDtlsClient, TimeProvider = o.TimeProvider, RemoteMaxMessageSize = 1000,
        });
        pair.Connect();
        var (client, _) = pair.OpenChannel(fromClient: true);
        Assert.False(client.Send(true, new byte[1001]));
        Assert.True(client.Send(true, new byte[1000]));
    }

    [Fact]
    public void ThousandSmallMessages_ArriveInOrder()
    {
        using var pair = new AssociationPair();
        pair.Connect();
        var (client, _) = pair.OpenChannel(fromClient: true);
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(client.Send(false, Encoding.UTF8.GetBytes("message " + i)));
        }

        Assert.True(pair.RunUntil(() => pair.ServerEvents.Messages.Count == 1000));
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal("message " + i, Encoding.UTF8.GetString(pair.ServerEvents.Messages[i].Data));
        }
    }

    [Fact]
    public void UnorderedChannel_DeliversEverything()
    {
        using var pair = new AssociationPair();
        pair.Connect();
        var (client, server) = pair.OpenChannel(fromClient: true, ordered: false);
        Assert.False(server.Ordered);
        for (int i = 0; i < 200; i++)
        {
            Assert.True(client.Send(true, BitConverter.GetBytes(i)));
        }

        Assert.True(pair.RunUntil(() => pair.ServerEvents.Messages.Count == 200));
        var received = pair.ServerEvents.Messages.Select(m => BitConverter.ToInt32(m.Data)).OrderBy(i => i);
        Assert.Equal(Enumerable.Range(0, 200), received);
    }

    [Fact]
    public void BufferedAmount_DropsToZeroAndReportsLow()
    {
        using var pair = new AssociationPair();
        pair.Connect();
        var (client, _) = pair.OpenChannel(fromClient: true);
        Assert.True(client.Send(true, new byte[50_000]));
        Assert.Equal(50_000, client.BufferedAmount);
        Assert.True(pair.RunUntil(() => client.BufferedAmount == 0));
        Assert.Contains(client, pair.ClientEvents.BufferedLow);
    }

    [Fact]
    public void GracefulClose_ClosesBothSidesAndTheirChannels()
    {
        using var pair = new AssociationPair();
        pair.Connect();
        var (client, _) = pair.OpenChannel(fromClient: true);
        Assert.True(client.Send(true, new byte[30_000]));
        pair.Client.Close();
        Assert.True(pair.RunUntil(() => pair.ClientEvents.ClosedReasons.Count == 1 && pair.ServerEvents.ClosedReasons.Count == 1));
        Assert.Single(pair.ServerEvents.Messages); // queued data went out before SHUTDOWN
        Assert.Equal(SctpAssociationState.Closed, pair.Server.State);
        Assert.Single(pair.ServerEvents.ClosedChannels);
    }

    [Fact]
    public void Abort_ClosesThePeer()
    {
        using var pair = new AssociationPair();
        pair.Connect();
        pair.Server.Abort("test");
        Assert.True(pair.RunUntil(() => pair.ClientEvents.ClosedReasons.Count == 1));
        Assert.Equal("peer aborted", pair.ClientEvents.ClosedReasons[0]);
    }

    [Fact]
    public void SilentPeer_EndsAfterTooManyRetransmissions()
    {
        using var pair = new AssociationPair();
        pair.Connect();
        var (client, _) = pair.OpenChannel(fromClient: true);
        pair.LossToServer = 1.0;
        Assert.True(client.Send(false, "into the void"u8));
        Assert.True(pair.RunUntil(() => pair.ClientEvents.ClosedReasons.Count == 1, maxVirtualMs: 600_000));
        Assert.Equal("too many retransmissions", pair.ClientEvents.ClosedReasons[0]);
    }
}
