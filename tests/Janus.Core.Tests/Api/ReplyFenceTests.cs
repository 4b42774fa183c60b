using System.Text.Json.Nodes;
using Janus.Core.Api;

namespace Janus.Core.Tests.Api;

public sealed class ReplyFenceTests
{
    private readonly ReplyFence _fence = new();
    private readonly List<string> _delivered = new();

    private void Send(string name, string? transaction)
        => _fence.Send(new JsonObject { ["name"] = name }, transaction, e => _delivered.Add(e["name"]!.GetValue<string>()));

    private void Close(ReplyFence.OpenReply open)
        => _fence.Close(open, e => _delivered.Add(e["name"]!.GetValue<string>()));

    [Fact]
    public void Event_of_an_open_request_waits_until_its_reply_is_written()
    {
        ReplyFence.OpenReply open = _fence.Open("t1");
        Send("event", "t1");
        Assert.Empty(_delivered);
        Close(open);
        Assert.Equal(["event"], _delivered);
    }

    [Fact]
    public void Events_without_an_open_request_go_out_at_once()
    {
        _fence.Open("t1");
        Send("other", "t2");
        Send("plain", null);
        Assert.Equal(["other", "plain"], _delivered);
    }

    [Fact]
    public void Events_behind_a_held_one_keep_their_order()
    {
        ReplyFence.OpenReply open = _fence.Open("t1");
        Send("first", "t1");
        Send("second", null);
        Send("third", "t2");
        Assert.Empty(_delivered);
        Close(open);
        Assert.Equal(["first", "second", "third"], _delivered);
        Send("fourth", null);
        Assert.Equal(["first", "second", "third", "fourth"], _delivered);
    }

    [Fact]
    public void Closing_one_request_does_not_release_events_of_another_still_open()
    {
        ReplyFence.OpenReply a = _fence.Open("a");
        ReplyFence.OpenReply b = _fence.Open("b");
        Send("b-event", "b");
        Send("a-event", "a");
        Close(a);
        Assert.Empty(_delivered);
        Close(b);
        Assert.Equal(["b-event", "a-event"], _delivered);
    }

    [Fact]
    public void Held_events_are_bounded_and_let_go_in_order_past_the_bound()
    {
        _fence.Open("never-answered");
        for (int i = 0; i < ReplyFence.MaxHeldEvents; i++)
        {
            Send("e" + i, "never-answered");
        }
        Assert.Empty(_delivered);
        Assert.Equal(ReplyFence.MaxHeldEvents, _fence.HeldCount);
        Send("overflow", "never-answered");
        Assert.Equal(ReplyFence.MaxHeldEvents + 1, _delivered.Count);
        Assert.Equal("e0", _delivered[0]);
        Assert.Equal("overflow", _delivered[^1]);
        Assert.Equal(0, _fence.HeldCount);
    }
}
