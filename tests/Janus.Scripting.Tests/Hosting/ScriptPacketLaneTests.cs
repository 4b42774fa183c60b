using Janus.Scripting.Hosting;

namespace Janus.Scripting.Tests.Hosting;

/// <summary>Packets on their way to a script that takes them: in order, bounded, without an allocation per packet.</summary>
public sealed class ScriptPacketLaneTests
{
    private readonly List<Action> _posted = [];
    private readonly List<(ScriptPacketLane.Kind Kind, long Id, bool Video, byte[] Data, string? Label)> _delivered = [];

    private ScriptPacketLane Lane(int capacity) => new(capacity, work =>
    {
        _posted.Add(work);
        return true;
    }, (kind, id, video, data, label, _) => _delivered.Add((kind, id, video, data.ToArray(), label)));

    private void RunPosted()
    {
        Action[] work = [.. _posted];
        _posted.Clear();
        foreach (Action item in work)
        {
            item();
        }
    }

    [Fact]
    public void A_burst_is_delivered_in_order_with_one_drain_posted()
    {
        ScriptPacketLane lane = Lane(8);
        Assert.True(lane.TryEnqueue(ScriptPacketLane.Kind.Rtp, 1, true, [1, 2, 3]));
        Assert.True(lane.TryEnqueue(ScriptPacketLane.Kind.Rtcp, 2, false, [4]));
        Assert.True(lane.TryEnqueue(ScriptPacketLane.Kind.Binary, 3, false, [5, 6], "chat"));
        Assert.Single(_posted);
        RunPosted();
        Assert.Equal([ScriptPacketLane.Kind.Rtp, ScriptPacketLane.Kind.Rtcp, ScriptPacketLane.Kind.Binary], _delivered.Select(d => d.Kind));
        Assert.Equal([1L, 2L, 3L], _delivered.Select(d => d.Id));
        Assert.Equal(new byte[] { 1, 2, 3 }, _delivered[0].Data);
        Assert.True(_delivered[0].Video);
        Assert.Equal("chat", _delivered[2].Label);
        Assert.Equal(0, lane.Count);

        // The next packet after a drain posts a new one.
        lane.TryEnqueue(ScriptPacketLane.Kind.Rtp, 1, true, [7]);
        Assert.Single(_posted);
    }

    [Fact]
    public void A_full_lane_drops_and_counts_until_the_script_catches_up()
    {
        ScriptPacketLane lane = Lane(2);
        Assert.True(lane.TryEnqueue(ScriptPacketLane.Kind.Rtp, 1, true, [1]));
        Assert.True(lane.TryEnqueue(ScriptPacketLane.Kind.Rtp, 1, true, [2]));
        Assert.False(lane.TryEnqueue(ScriptPacketLane.Kind.Rtp, 1, true, [3]));
        Assert.Equal(1, lane.Dropped);
        RunPosted();
        Assert.Equal([1, 2], _delivered.Select(d => (int)d.Data[0]));
        Assert.True(lane.TryEnqueue(ScriptPacketLane.Kind.Rtp, 1, true, [4]));
    }

    [Fact]
    public void Handing_packets_over_allocates_nothing_per_packet()
    {
        int delivered = 0;
        Action? drain = null;
        var lane = new ScriptPacketLane(64, work =>
        {
            drain = work;
            return true;
        }, (_, _, _, data, _, _) => delivered += data.Length > 0 ? 1 : 0);
        byte[] packet = new byte[1200];
        void Round()
        {
            for (int i = 0; i < 1000; i++)
            {
                lane.TryEnqueue(ScriptPacketLane.Kind.Rtp, 1, true, packet);
                if (i % 32 == 31)
                {
                    drain!();
                }
            }
            drain!();
        }

        // Warm up (the pool fills, the JIT settles), then one more round must allocate nothing on this thread.
        for (int i = 0; i < 5; i++)
        {
            Round();
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        Round();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(6000, delivered);
    }
}
