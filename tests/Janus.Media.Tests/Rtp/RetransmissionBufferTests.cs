using System.Buffers;
using System.Buffers.Binary;
using Janus.Media.Rtp;

namespace Janus.Media.Tests.Rtp;

public sealed class RetransmissionBufferTests
{
    /// <summary>Counts arrays out on loan, to prove the buffer gives them back.</summary>
    private sealed class CountingPool : ArrayPool<byte>
    {
        public int Outstanding { get; private set; }

        public override byte[] Rent(int minimumLength)
        {
            Outstanding++;
            return new byte[minimumLength];
        }

        public override void Return(byte[] array, bool clearArray = false) => Outstanding--;
    }

    private static byte[] Packet(uint ssrc, ushort seq, int payload = 50)
    {
        var packet = new byte[12 + payload];
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        packet[12] = (byte)seq;
        return packet;
    }

    [Fact]
    public void AnswersForPacketsItKept()
    {
        using var buffer = new RetransmissionBuffer();
        for (ushort seq = 100; seq < 110; seq++)
        {
            Assert.True(buffer.Store(Packet(1, seq), nowMs: 1000 + seq));
        }

        Assert.True(buffer.TryGet(1, 105, 1110, out var packet));
        Assert.Equal(Packet(1, 105), packet.ToArray());
        Assert.False(buffer.TryGet(1, 99, 1110, out _));
        Assert.False(buffer.TryGet(1, 110, 1110, out _));
        Assert.False(buffer.TryGet(2, 105, 1110, out _));
    }

    [Fact]
    public void PacketsOlderThanTheQueueAreForgottenAndTheirMemoryReturned()
    {
        var pool = new CountingPool();
        using var buffer = new RetransmissionBuffer(maxAgeMs: 200, pool: pool);
        for (int i = 0; i < 100; i++)
        {
            buffer.Store(Packet(1, (ushort)i), nowMs: i * 10);
        }

        // At t = 990 ms only the last 200 ms (t >= 790, seq 79..99) remain; the stream keeps at most a few released
        // arrays for its next packets (here one: each Store releases one and the next takes it back).
        Assert.Equal(21, buffer.CountOf(1));
        Assert.InRange(pool.Outstanding, 21, 22);
        Assert.False(buffer.TryGet(1, 78, 990, out _));
        Assert.True(buffer.TryGet(1, 79, 990, out _));
        // Asking later than the queue length also misses, even before the next Store.
        Assert.False(buffer.TryGet(1, 79, 1200, out _));

        buffer.MaxAgeMs = 1000;
        buffer.Store(Packet(1, 100), 1000);
        Assert.True(buffer.TryGet(1, 90, 1000, out _));
    }

    [Fact]
    public void SequenceNumbersWrapAround()
    {
        using var buffer = new RetransmissionBuffer();
        for (int i = 0; i < 20; i++)
        {
            buffer.Store(Packet(1, (ushort)(65530 + i)), nowMs: 0);
        }

        Assert.True(buffer.TryGet(1, 65535, 0, out _));
        Assert.True(buffer.TryGet(1, 3, 0, out var packet));
        Assert.Equal(3, BinaryPrimitives.ReadUInt16BigEndian(packet[2..]));
    }

    [Fact]
    public void TheRingKeepsOnlyTheNewestSlotsPerStream()
    {
        var pool = new CountingPool();
        using var buffer = new RetransmissionBuffer(maxAgeMs: 10_000, slotsPerStream: 16, pool: pool);
        for (ushort seq = 0; seq < 40; seq++)
        {
            buffer.Store(Packet(1, seq), nowMs: seq);
        }

        Assert.False(buffer.TryGet(1, 23, 40, out _));
        Assert.True(buffer.TryGet(1, 24, 40, out _));
        Assert.True(buffer.TryGet(1, 39, 40, out _));
        Assert.Equal(16, buffer.CountOf(1));
        Assert.Equal(16, pool.Outstanding);
    }

    [Fact]
    public void RepeatedNacksWithinTheIntervalAreNotAnsweredTwice()
    {
        using var buffer = new RetransmissionBuffer();
        buffer.Store(Packet(1, 5), 0);
        Assert.True(buffer.TryGet(1, 5, 10, out _, minResendIntervalMs: 50));
        Assert.False(buffer.TryGet(1, 5, 40, out _, minResendIntervalMs: 50));
        Assert.True(buffer.TryGet(1, 5, 61, out _, minResendIntervalMs: 50));
    }

    [Fact]
    public void RemovingAStreamOrDisposingReturnsEveryArray()
    {
        var pool = new CountingPool();
        var buffer = new RetransmissionBuffer(pool: pool);
        for (ushort seq = 0; seq < 10; seq++)
        {
            buffer.Store(Packet(1, seq), 0);
            buffer.Store(Packet(2, seq), 0);
        }

        buffer.RemoveStream(1);
        Assert.Equal(10, pool.Outstanding);
        Assert.Equal(1, buffer.StreamCount);
        buffer.Dispose();
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void NonRtpIsNotStored()
    {
        using var buffer = new RetransmissionBuffer();
        Assert.False(buffer.Store(new byte[11], 0));
        Assert.False(buffer.Store(new byte[20], 0)); // version 0
        Assert.Equal(0, buffer.StreamCount);
    }

    [Fact]
    public void RandomStoresAndLookupsKeepTheBookkeepingConsistent()
    {
        var pool = new CountingPool();
        var random = new Random(4585);
        using (var buffer = new RetransmissionBuffer(maxAgeMs: 100, slotsPerStream: 64, pool: pool))
        {
            long now = 0;
            for (int i = 0; i < 20000; i++)
            {
                now += random.Next(0, 5);
                uint ssrc = (uint)random.Next(3);
                ushort seq = (ushort)random.Next(65536);
                if (random.Next(2) == 0)
                {
                    buffer.Store(Packet(ssrc, seq, random.Next(1, 1200)), now);
                }
                else if (buffer.TryGet(ssrc, seq, now, out var packet))
                {
                    Assert.Equal(seq, BinaryPrimitives.ReadUInt16BigEndian(packet[2..]));
                    Assert.Equal(ssrc, BinaryPrimitives.ReadUInt32BigEndian(packet[8..]));
                }

                Assert.InRange(buffer.CountOf(ssrc), 0, 64);
            }
        }

        Assert.Equal(0, pool.Outstanding);
    }
}
