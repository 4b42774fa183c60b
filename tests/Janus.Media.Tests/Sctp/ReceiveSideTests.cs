using System.Buffers.Binary;
using Janus.Media.Sctp;

namespace Janus.Media.Tests.Sctp;

public sealed class ReceiveSideTests
{
    [Fact]
    public void Tracker_ReportsGapsAndAdvancesWhenFilled()
    {
        var tracker = new TsnReceiveTracker();
        tracker.Reset(100);
        foreach (uint tsn in new uint[] { 100, 102, 103, 106 })
        {
            Assert.Equal(TsnStatus.New, tracker.Check(tsn));
            tracker.Mark(tsn);
        }

        Assert.Equal(100u, tracker.CumulativeTsn);
        Span<GapAckBlock> gaps = stackalloc GapAckBlock[8];
        int count = tracker.GetGapBlocks(gaps);
        Assert.Equal(new[] { new GapAckBlock(2, 3), new GapAckBlock(6, 6) }, gaps[..count].ToArray());
        Assert.Equal(TsnStatus.Duplicate, tracker.Check(102));
        Assert.Equal(TsnStatus.Duplicate, tracker.Check(99));
        tracker.Mark(101);
        Assert.Equal(103u, tracker.CumulativeTsn);
        tracker.ForwardTo(105);
        Assert.Equal(106u, tracker.CumulativeTsn);
        Assert.False(tracker.HasGaps);
        Assert.Equal(TsnStatus.OutOfWindow, tracker.Check(106 + TsnReceiveTracker.Window + 1));
    }

    [Fact]
    public void Tracker_WrapsAroundTheTsnSpace()
    {
        var tracker = new TsnReceiveTracker();
        tracker.Reset(uint.MaxValue - 1);
        for (uint i = 0; i < 5; i++)
        {
            tracker.Mark(uint.MaxValue - 1 + i);
        }

        Assert.Equal(2u, tracker.CumulativeTsn);
    }

    [Fact]
    public void Reassembly_OrderedWaitsForMissingSsnAndJoinsFragments()
    {
        var sink = new Sink();
        var queue = new ReassemblyQueue(1 << 20);
        queue.Add(Chunk(11, ssn: 1, SctpChunkFlags.Beginning, 1), sink);
        queue.Add(Chunk(12, ssn: 1, SctpChunkFlags.End, 2), sink);
        Assert.Empty(sink.Messages);
        Assert.Equal(2, queue.BufferedBytes);
        queue.Add(Chunk(10, ssn: 0, SctpChunkFlags.Beginning | SctpChunkFlags.End, 0), sink);
        Assert.Equal(new[] { "0", "12" }, sink.Messages);
        Assert.Equal(0, queue.BufferedBytes);
    }

    [Fact]
    public void Reassembly_ForwardTsnSkipsAbandonedMessageAndReleasesTheNext()
    {
        var sink = new Sink();
        var queue = new ReassemblyQueue(1 << 20);
        queue.Add(Chunk(20, ssn: 0, SctpChunkFlags.Beginning, 1), sink); // its end was abandoned
        queue.Add(Chunk(22, ssn: 1, SctpChunkFlags.Beginning | SctpChunkFlags.End, 5), sink);
        byte[] forward = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(forward, 21);
        BinaryPrimitives.WriteUInt16BigEndian(forward.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16BigEndian(forward.AsSpan(6), 0);
        Assert.True(ForwardTsnChunk.TryParse(forward, out ForwardTsnChunk chunk));
        queue.Forward(21, chunk, sink);
        Assert.Equal(new[] { "5" }, sink.Messages);
        Assert.Equal(0, queue.BufferedBytes);
    }

    [Fact]
    public void Reassembly_OversizedMessageIsDropped()
    {
        var sink = new Sink();
        var queue = new ReassemblyQueue(1);
        queue.Add(Chunk(1, 0, SctpChunkFlags.Beginning, 1), sink);
        queue.Add(Chunk(2, 0, SctpChunkFlags.End, 2), sink);
        Assert.Empty(sink.Messages);
        Assert.Equal(1, queue.OversizedMessages);
        Assert.Equal(0, queue.BufferedBytes);
    }

    [Fact]
    public void Reassembly_UnorderedFragmentsOutOfOrder()
    {
        var sink = new Sink();
        var queue = new ReassemblyQueue(1 << 20);
        byte u = SctpChunkFlags.Unordered;
        queue.Add(Chunk(32, 0, (byte)(u | SctpChunkFlags.End), 3), sink);
        queue.Add(Chunk(30, 0, (byte)(u | SctpChunkFlags.Beginning), 1), sink);
        Assert.Empty(sink.Messages);
        queue.Add(Chunk(31, 0, u, 2), sink);
        Assert.Equal(new[] { "123" }, sink.Messages);
    }

    private static DataChunk Chunk(uint tsn, ushort ssn, byte flags, byte payload) =>
        new(flags, tsn, 1, ssn, 53, new[] { payload });

    private sealed class Sink : IReassembledMessageSink
    {
        public List<string> Messages { get; } = new();

        public void OnMessage(ushort streamId, uint ppid, ReadOnlySpan<byte> message) =>
            Messages.Add(string.Concat(message.ToArray().Select(b => b.ToString())));
    }
}
