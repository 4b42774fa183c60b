using Janus.Media.Sctp;
using Janus.Media.Tests.Sctp.Infrastructure;

namespace Janus.Media.Tests.Sctp;

public sealed class StreamResetTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ClosingAChannel_ResetsTheStreamAndClosesItOnBothSides(bool closeFromClient)
    {
        using var pair = new AssociationPair();
        pair.Connect();
        var (client, server) = pair.OpenChannel(fromClient: true);
        Assert.True(client.Send(false, "last words"u8));
        (closeFromClient ? client : server).Close();
        Assert.Equal(DataChannelState.Closing, (closeFromClient ? client : server).State);
        Assert.False((closeFromClient ? client : server).Send(false, "too late"u8));
        Assert.True(pair.RunUntil(() => client.State == DataChannelState.Closed && server.State == DataChannelState.Closed));
        Assert.Single(pair.ServerEvents.Messages);
        Assert.Contains(client, pair.ClientEvents.ClosedChannels);
        Assert.Contains(server, pair.ServerEvents.ClosedChannels);
    }

    [Fact]
    public void ClosedStreamId_IsReusedWithFreshSequenceNumbers()
    {
        using var pair = new AssociationPair();
        pair.Connect();
        var (first, _) = pair.OpenChannel(fromClient: true, label: "one");
        for (int i = 0; i < 5; i++)
        {
            Assert.True(first.Send(false, "x"u8));
        }

        first.Close();
        Assert.True(pair.RunUntil(() => pair.ServerEvents.ClosedChannels.Count == 1 && first.State == DataChannelState.Closed));
        var (second, remote) = pair.OpenChannel(fromClient: true, label: "two");
        Assert.Equal(first.Id, second.Id);
        Assert.Equal("two", remote.Label);
        Assert.True(second.Send(false, "on the reused stream"u8));
        Assert.True(pair.RunUntil(() => pair.ServerEvents.Messages.Any(m => m.Channel == remote)));
    }

    [Fact]
    public void ClosingOverALossyLink_StillCompletes()
    {
        using var pair = new AssociationPair(lossToServer: 0.3, lossToClient: 0.3, seed: 4);
        pair.Connect();
        var (client, server) = pair.OpenChannel(fromClient: true);
        for (int i = 0; i < 20; i++)
        {
            Assert.True(client.Send(true, new byte[2000]));
        }

        client.Close();
        Assert.True(pair.RunUntil(() => client.State == DataChannelState.Closed && server.State == DataChannelState.Closed,
            maxVirtualMs: 600_000));
        Assert.Equal(20, pair.ServerEvents.Messages.Count);
    }

    [Fact]
    public void OtherChannels_KeepWorkingWhileOneCloses()
    {
        using var pair = new AssociationPair();
        pair.Connect();
        var (a, _) = pair.OpenChannel(fromClient: true, label: "a");
        var (b, _) = pair.OpenChannel(fromClient: false, label: "b");
        a.Close();
        Assert.True(b.Send(false, "still here"u8));
        Assert.True(pair.RunUntil(() => a.State == DataChannelState.Closed && pair.ClientEvents.Messages.Count == 1));
        Assert.Equal(DataChannelState.Open, b.State);
    }
}
