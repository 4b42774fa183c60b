using System.Buffers.Binary;
using Janus.Media.Sctp;
using Janus.Media.Tests.Sctp.Infrastructure;

namespace Janus.Media.Tests.Sctp;

public sealed class SctpFuzzTests
{
    private static void FixChecksum(byte[] packet)
    {
        if (packet.Length < 12)
        {
            return;
        }

        packet.AsSpan(8, 4).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(8), Crc32c.Compute(packet));
    }

    [Fact]
    public void PacketAndChunkParsers_RandomInput_NeverThrow()
    {
        var random = new Random(1234);
        int parsed = 0;
        for (int i = 0; i < 30_000; i++)
        {
            byte[] packet = new byte[random.Next(0, 200)];
            random.NextBytes(packet);
            if (packet.Length > 16)
            {
                // Make chunk headers plausible half the time so the chunk parsers get exercised.
                if (random.Next(2) == 0)
                {
                    packet[12] = (byte)random.Next(0, 16);
                    int length = random.Next(2) == 0 ? packet.Length - 12 : random.Next(4, packet.Length - 12 + 1);
                    BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), (ushort)length);
                }

                FixChecksum(packet);
            }

            if (!SctpPacket.TryParse(packet, out SctpPacket sctp))
            {
                continue;
            }

            parsed++;
            var chunks = sctp.GetChunks();
            while (chunks.MoveNext())
            {
                SctpChunk chunk = chunks.Current;
                InitChunk.TryParse(chunk.Value, out _);
                DataChunk.TryParse(chunk.Flags, chunk.Value, out _);
                if (SackChunk.TryParse(chunk.Value, out SackChunk sack))
                {
                    for (int g = 0; g < sack.GapBlockCount; g++)
                    {
                        sack.GetGapBlock(g);
                    }

                    for (int d = 0; d < sack.DuplicateCount; d++)
                    {
                        sack.GetDuplicate(d);
                    }
                }

                if (ForwardTsnChunk.TryParse(chunk.Value, out ForwardTsnChunk forward))
                {
                    for (int s = 0; s < forward.StreamCount; s++)
                    {
                        forward.GetStream(s);
                    }
                }

                var parameters = new ParameterEnumerator(chunk.Value);
                while (parameters.MoveNext(out _, out ReadOnlySpan<byte> parameter))
                {
                    if (OutgoingResetRequest.TryParse(parameter, out OutgoingResetRequest request))
                    {
                        for (int s = 0; s < request.StreamCount; s++)
                        {
                            request.GetStream(s);
                        }
                    }

                    ReconfigResponse.TryParse(parameter, out _);
                }

                StateCookie.TryRead(chunk.Value, new byte[32], out _);
                ErrorCause.FirstCode(chunk.Value);
            }
        }

        Assert.True(parsed > 1000, $"only {parsed} packets got past the checksum");
    }

    [Fact]
    public void HandleIncoming_MutatedRealPackets_NeverThrowsOrFaults()
    {
        // Record a real session, then replay mutated copies of its packets into a live association.
        var recorded = new List<byte[]>();
        using var pair = new AssociationPair();
        pair.Tap = (toServer, packet) => recorded.Add(packet);
        pair.Connect();
        var (client, server) = pair.OpenChannel(fromClient: true, ordered: false, maxRetransmits: 1);
        for (int i = 0; i < 30; i++)
        {
            client.Send(i % 2 == 0, new byte[i * 150]);
            server.Send(false, "reply"u8);
        }

        client.Close();
        pair.RunUntil(() => client.State == DataChannelState.Closed);
        pair.Tap = null;
        Assert.True(recorded.Count > 20);

        var random = new Random(42);
        using var victim = new AssociationPair(seed: 2);
        victim.Connect();
        victim.OpenChannel(fromClient: true);
        for (int i = 0; i < 20_000; i++)
        {
            byte[] packet = recorded[random.Next(recorded.Count)].ToArray();
            int mutations = random.Next(1, 6);
            for (int m = 0; m < mutations && packet.Length > 0; m++)
            {
                switch (random.Next(4))
                {
                    case 0:
                        packet[random.Next(packet.Length)] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1:
                        packet[random.Next(packet.Length)] = (byte)random.Next(256);
                        break;
                    case 2:
                        Array.Resize(ref packet, random.Next(packet.Length));
                        break;
                    default:
                        if (packet.Length >= 16)
                        {
                            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), (ushort)random.Next(0, 70000));
                        }

                        break;
                }
            }

            // Most copies get a valid checksum and our verification tag so they reach the chunk handlers.
            if (packet.Length >= 12 && random.Next(10) != 0)
            {
                SctpAssociation target = random.Next(2) == 0 ? victim.Server : victim.Client;
                FixChecksum(packet);
                target.HandleIncoming(packet);
            }
            else
            {
                victim.Server.HandleIncoming(packet);
            }

            if (i % 1000 == 0)
            {
                victim.RunFor(300);
            }
        }

        victim.RunFor(10_000);
        Assert.Equal(0, victim.Client.Counters.InternalErrors);
        Assert.Equal(0, victim.Server.Counters.InternalErrors);
        Assert.True(victim.Server.Counters.MalformedDropped + victim.Server.Counters.UnexpectedDropped > 0);
    }

    [Fact]
    public void HandleIncoming_RandomBytesWithValidChecksum_IntoEveryState()
    {
        var random = new Random(7);
        using var idle = new AssociationPair(seed: 3);
        using var live = new AssociationPair(seed: 4);
        uint serverTag = 0;
        live.Tap = (toServer, packet) =>
        {
            if (toServer && packet.Length >= 8 && BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4)) != 0)
            {
                serverTag = BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4));
            }
        };
        live.Connect();
        Assert.NotEqual(0u, serverTag);
        live.OpenChannel(fromClient: false);
        for (int i = 0; i < 20_000; i++)
        {
            byte[] packet = new byte[random.Next(12, 300)];
            random.NextBytes(packet);
            packet[12 % packet.Length] = (byte)random.Next(0, 16);
            if (packet.Length > 16)
            {
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), (ushort)(packet.Length - 12));
            }

            // Half carry the live association's tag, so they get past the tag check.
            if (random.Next(2) == 0)
            {
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), serverTag);
            }

            FixChecksum(packet);
            idle.Server.HandleIncoming(packet);
            live.Server.HandleIncoming(packet);
        }

        Assert.Equal(0, idle.Server.Counters.InternalErrors + live.Server.Counters.InternalErrors);
    }
}
