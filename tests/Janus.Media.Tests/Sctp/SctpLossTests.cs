using Janus.Media.Sctp;
using Janus.Media.Tests.Sctp.Infrastructure;

namespace Janus.Media.Tests.Sctp;

public sealed class SctpLossTests
{
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void ReliableOrderedChannel_OnLossyLink_DeliversEverythingInOrder(int seed)
    {
        using var pair = new AssociationPair(lossToServer: 0.1, lossToClient: 0.1, seed: seed);
        pair.Connect();
        var (client, server) = pair.OpenChannel(fromClient: true);
        var random = new Random(seed);
        var sent = new List<byte[]>();
        for (int i = 0; i < 300; i++)
        {
            byte[] message = new byte[random.Next(1, i % 50 == 0 ? 20_000 : 800)];
            random.NextBytes(message);
            BitConverter.TryWriteBytes(message, i);
            sent.Add(message);
            Assert.True(client.Send(true, message));
        }

        var back = new List<byte[]>();
        for (int i = 0; i < 100; i++)
        {
            byte[] message = BitConverter.GetBytes(i);
            back.Add(message);
            Assert.True(server.Send(true, message));
        }

        Assert.True(pair.RunUntil(() => pair.ServerEvents.Messages.Count == sent.Count && pair.ClientEvents.Messages.Count == back.Count,
            maxVirtualMs: 600_000));
        Assert.Equal(sent, pair.ServerEvents.Messages.Select(m => m.Data));
        Assert.Equal(back, pair.ClientEvents.Messages.Select(m => m.Data));
        Assert.True(pair.Client.Counters.Retransmissions > 0);
        Assert.Equal(0, pair.Client.Counters.InternalErrors + pair.Server.Counters.InternalErrors);
    }

    [Fact]
    public void ReliableUnorderedChannel_OnLossyLink_DeliversEverything()
    {
        using var pair = new AssociationPair(lossToServer: 0.1, lossToClient: 0.1, seed: 5);
        pair.Connect();
        var (client, _) = pair.OpenChannel(fromClient: true, ordered: false);
        for (int i = 0; i < 300; i++)
        {
            byte[] message = new byte[i % 30 == 0 ? 5000 : 100];
            BitConverter.TryWriteBytes(message, i);
            Assert.True(client.Send(true, message));
        }

        Assert.True(pair.RunUntil(() => pair.ServerEvents.Messages.Count == 300, maxVirtualMs: 600_000));
        Assert.Equal(Enumerable.Range(0, 300), pair.ServerEvents.Messages.Select(m => BitConverter.ToInt32(m.Data)).OrderBy(i => i));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PartiallyReliableNoRetransmits_OnLossyLink_SkipsLossesWithForwardTsnAndKeepsGoing(bool ordered)
    {
        using var pair = new AssociationPair(lossToServer: 0.1, lossToClient: 0.1, seed: 21);
        pair.Connect();
        var (lossy, _) = pair.OpenChannel(fromClient: true, label: "unreliable", ordered: ordered, maxRetransmits: 0);
        for (int i = 0; i < 400; i++)
        {
            byte[] message = new byte[i % 40 == 0 ? 3000 : 200];
            BitConverter.TryWriteBytes(message, i);
            Assert.True(lossy.Send(true, message));
        }

        Assert.True(pair.RunUntil(() => lossy.BufferedAmount == 0, maxVirtualMs: 600_000));
        pair.RunFor(5000);
        var received = pair.ServerEvents.Messages.Select(m => BitConverter.ToInt32(m.Data)).ToList();
        Assert.True(pair.Client.Counters.AbandonedMessages > 0, "some messages must have been given up");
        Assert.True(received.Count < 400 && received.Count > 250, $"received {received.Count}");
        Assert.Equal(received.Count, received.Distinct().Count());
        if (ordered)
        {
            Assert.Equal(received.OrderBy(i => i), received);
        }

        // The association is still healthy: a reliable channel gets everything through afterwards.
        pair.ServerEvents.Messages.Clear();
        var (reliable, _) = pair.OpenChannel(fromClient: true, label: "reliable");
        for (int i = 0; i < 50; i++)
        {
            Assert.True(reliable.Send(true, BitConverter.GetBytes(i)));
        }

        Assert.True(pair.RunUntil(() => pair.ServerEvents.Messages.Count(m => m.Channel.Label == "reliable") == 50, maxVirtualMs: 600_000));
        Assert.Equal(Enumerable.Range(0, 50),
            pair.ServerEvents.Messages.Where(m => m.Channel.Label == "reliable").Select(m => BitConverter.ToInt32(m.Data)));
        Assert.Equal(0, pair.Client.Counters.InternalErrors + pair.Server.Counters.InternalErrors);
    }

    [Fact]
    public void PartiallyReliableLifetime_ExpiredMessagesAreSkipped()
    {
        using var pair = new AssociationPair(lossToServer: 0.2, seed: 8, delayMs: 50);
        pair.Connect();
        var (timed, remote) = pair.OpenChannel(fromClient: true, maxLifetimeMs: 100);
        Assert.Equal(100, remote.MaxLifetimeMs);
        for (int i = 0; i < 200; i++)
        {
            Assert.True(timed.Send(true, BitConverter.GetBytes(i)));
        }

        Assert.True(pair.RunUntil(() => timed.BufferedAmount == 0, maxVirtualMs: 600_000));
        pair.RunFor(5000);
        var received = pair.ServerEvents.Messages.Select(m => BitConverter.ToInt32(m.Data)).ToList();
        Assert.True(pair.Client.Counters.AbandonedMessages > 0);
        Assert.Equal(received.OrderBy(i => i), received);
        Assert.True(received.Count < 200);
    }
}
