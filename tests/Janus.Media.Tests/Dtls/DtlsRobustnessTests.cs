using System.Text;
using Janus.Media.Dtls;
using Janus.Media.Tests.Dtls.Infrastructure;

namespace Janus.Media.Tests.Dtls;

/// <summary>Hostile and random input never escapes HandleIncoming and never breaks a working connection.</summary>
public sealed class DtlsRobustnessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public void GarbageDatagrams_DuringTheHandshake_AreIgnored()
    {
        using var pair = new DtlsPair();
        var random = new Random(1234);
        // Random bytes between every real datagram, in both directions.
        byte[] Next()
        {
            lock (random)
            {
                return RandomDatagram(random);
            }
        }
        pair.ClientToServer.Drop = (_, _) =>
        {
            pair.Server.HandleIncoming(Next());
            return false;
        };
        pair.ServerToClient.Drop = (_, _) =>
        {
            pair.Client.HandleIncoming(Next());
            return false;
        };

        (DtlsSrtpKeys client, DtlsSrtpKeys server) = pair.Connect(Wait);

        Assert.Equal(client.LocalMasterKey, server.RemoteMasterKey);
        Assert.True(pair.Server.DroppedCount + pair.Client.DroppedCount > 0);
    }

    [Fact]
    public void RandomAndMutatedDatagrams_AfterTheHandshake_AreDropped_AndDataStillFlows()
    {
        using var pair = new DtlsPair();
        var captured = new List<byte[]>();
        pair.ClientToServer.Drop = (_, datagram) =>
        {
            lock (captured)
            {
                captured.Add(datagram);
            }
            return false;
        };
        pair.Connect(Wait);
        for (int i = 0; i < 20; i++)
        {
            pair.Client.SendApplicationData(Encoding.ASCII.GetBytes("genuine " + i));
        }
        pair.ServerSide.WaitForRecords(20, Wait);
        byte[][] real;
        lock (captured)
        {
            real = captured.ToArray();
        }

        var random = new Random(42);
        for (int i = 0; i < 5000; i++)
        {
            byte[] datagram = i % 2 == 0 ? RandomDatagram(random) : Mutate(real[random.Next(real.Length)], random);
            pair.Server.HandleIncoming(datagram); // must not throw
        }

        Assert.Equal(DtlsTransportState.Connected, pair.Server.State);
        Assert.True(pair.Server.DroppedCount > 0);
        int before = pair.ServerSide.Received.Count;
        Assert.True(pair.Client.SendApplicationData("after the storm"u8));
        pair.ServerSide.WaitForRecords(before + 1, Wait);
        Assert.Equal("after the storm", Encoding.ASCII.GetString(pair.ServerSide.Received.Last()));
        // Only genuine plaintext ever came out: nothing mutated decrypted.
        Assert.All(pair.ServerSide.Received, r =>
        {
            string text = Encoding.ASCII.GetString(r);
            Assert.True(text.StartsWith("genuine ", StringComparison.Ordinal) || text == "after the storm", text);
        });
        Assert.Equal(21, pair.ServerSide.Received.Count);
    }

    [Fact]
    public void ReplayedRecords_AreNotDeliveredTwice()
    {
        using var pair = new DtlsPair();
        byte[]? last = null;
        pair.ClientToServer.Drop = (_, datagram) =>
        {
            last = datagram;
            return false;
        };
        pair.Connect(Wait);
        pair.Client.SendApplicationData("once"u8);
        pair.ServerSide.WaitForRecords(1, Wait);

        // RFC 6347 §4.1.2.6 replay detection.
        pair.Server.HandleIncoming(last!);
        pair.Server.HandleIncoming(last!);
        pair.Client.SendApplicationData("twice"u8);
        pair.ServerSide.WaitForRecords(2, Wait);

        Assert.Equal(["once", "twice"], pair.ServerSide.Received.Select(Encoding.ASCII.GetString));
    }

    [Fact]
    public void HandleIncoming_BeforeStartAndAfterClose_NeverThrows()
    {
        using var pair = new DtlsPair();
        var random = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            pair.Server.HandleIncoming(RandomDatagram(random));
        }
        pair.Server.HandleIncoming(ReadOnlySpan<byte>.Empty);
        pair.Server.HandleIncoming(new byte[70000]);
        pair.Server.Close();
        for (int i = 0; i < 200; i++)
        {
            pair.Server.HandleIncoming(RandomDatagram(random));
        }

        Assert.Equal(DtlsTransportState.Closed, pair.Server.State);
    }

    [Fact]
    public void AHandlerThatThrows_DoesNotBreakTheConnection()
    {
        using var pair = new DtlsPair();
        pair.Server.ApplicationData += _ => throw new InvalidOperationException("handler bug");
        pair.Connect(Wait);

        pair.Client.SendApplicationData("one"u8);
        pair.Client.SendApplicationData("two"u8);

        pair.ServerSide.WaitForRecords(2, Wait);
        Assert.Equal(DtlsTransportState.Connected, pair.Server.State);
    }

    /// <summary>Random bytes, often shaped like a DTLS record header so they reach the record layer.</summary>
    private static byte[] RandomDatagram(Random random)
    {
        byte[] datagram = new byte[random.Next(0, 300)];
        random.NextBytes(datagram);
        if (datagram.Length >= 13 && random.Next(2) == 0)
        {
            datagram[0] = (byte)random.Next(20, 26);
            datagram[1] = 0xFE;
            datagram[2] = 0xFD;
            datagram[3] = 0;
            datagram[4] = (byte)random.Next(0, 2); // epoch 0 or 1
            datagram[11] = (byte)((datagram.Length - 13) >> 8);
            datagram[12] = (byte)(datagram.Length - 13);
        }
        return datagram;
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] copy = random.Next(4) == 0 ? original[..random.Next(original.Length)] : (byte[])original.Clone();
        int flips = random.Next(1, 4);
        for (int i = 0; i < flips && copy.Length > 0; i++)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }
        return copy;
    }
}
