using System.Collections.Concurrent;
using Janus.Media.Sctp;

namespace Janus.Media.Tests.Sctp;

public sealed class SctpThreadingTests
{
    [Fact]
    public void ConcurrentSendersAndEchoFromTheHandler_AllArriveInOrderPerChannel()
    {
        // Real clock and timers; one thread carries packets both ways, four threads send at once, and the server
        // echoes from inside its MessageReceived handler (a re-entrant call into the association).
        var wire = new BlockingCollection<(bool ToServer, byte[] Packet)>();
        SctpAssociation? client = null, server = null;
        client = new SctpAssociation(new SctpAssociationOptions { IsDtlsClient = true }, p => wire.Add((true, p.ToArray())));
        server = new SctpAssociation(new SctpAssociationOptions { IsDtlsClient = false }, p => wire.Add((false, p.ToArray())));
        var pump = new Thread(() =>
        {
            foreach (var (toServer, packet) in wire.GetConsumingEnumerable())
            {
                (toServer ? server : client).HandleIncoming(packet);
            }
        }) { IsBackground = true };
        pump.Start();

        const int Senders = 4, PerSender = 250;
        server.MessageReceived += (channel, binary, data) => Assert.True(channel.Send(binary, data));
        var echoed = new ConcurrentDictionary<string, ConcurrentQueue<int>>();
        int total = 0;
        var allBack = new ManualResetEventSlim();
        client.MessageReceived += (channel, _, data) =>
        {
            echoed.GetOrAdd(channel.Label, _ => new ConcurrentQueue<int>()).Enqueue(BitConverter.ToInt32(data));
            if (Interlocked.Increment(ref total) == Senders * PerSender)
            {
                allBack.Set();
            }
        };
        var opened = new CountdownEvent(Senders);
        client.ChannelOpened += _ => opened.Signal();

        try
        {
            client.Start();
            server.Start();
            var channels = Enumerable.Range(0, Senders).Select(i => client.OpenChannel("c" + i)).ToArray();
            Assert.True(opened.Wait(TimeSpan.FromSeconds(10)));
            var threads = channels.Select(channel => new Thread(() =>
            {
                for (int i = 0; i < PerSender; i++)
                {
                    while (!channel.Send(true, BitConverter.GetBytes(i)))
                    {
                        Thread.Sleep(1);
                    }
                }
            })).ToArray();
            foreach (Thread thread in threads)
            {
                thread.Start();
            }

            foreach (Thread thread in threads)
            {
                thread.Join();
            }

            Assert.True(allBack.Wait(TimeSpan.FromSeconds(20)), $"only {total} echoes");
            foreach (DataChannel channel in channels)
            {
                Assert.Equal(Enumerable.Range(0, PerSender), echoed[channel.Label]);
            }

            Assert.Equal(0, client.Counters.InternalErrors + server.Counters.InternalErrors);
        }
        finally
        {
            client.Dispose();
            server.Dispose();
            wire.CompleteAdding();
            pump.Join(TimeSpan.FromSeconds(5));
        }
    }
}
