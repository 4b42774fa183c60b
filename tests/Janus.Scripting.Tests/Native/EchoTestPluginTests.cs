using System.Text;
using System.Text.Json.Nodes;
using Janus.Core.Plugins;
using Janus.Media.Relay;
using Janus.Media.Rtp;
using Janus.Media.Rtp.Codecs;
using Janus.Plugins.EchoTest;
using Janus.Scripting.Tests.Infrastructure;

namespace Janus.Scripting.Tests.Native;

/// <summary>
/// The compiled EchoTest on the media core's relay: its requests shape the handle's route (itself as recipient),
/// the relay does the echo, and the plugin answers with Janus's EchoTest events and errors.
/// </summary>
public sealed class EchoTestPluginTests : IAsyncLifetime
{
    private static readonly byte[] Rtp = [0x80, 0x60, 0x00, 0x01, 0, 0, 0, 1, 0, 0, 0, 2, 0xAA];

    private readonly FakeGateway _gateway = new();
    private readonly RelayGraph _relay = new(ticks: false);
    private readonly EchoTestPlugin _plugin = new();
    private PluginHandle _handle = null!;
    private RelayNode _node = null!;

    public async Task InitializeAsync()
    {
        await _plugin.InitAsync(_gateway, new PluginContext("", null, null));
        _handle = ScriptFixture.NewHandle();
        _node = _relay.AddNode(_handle, _plugin);
        _handle.Media = _node;
        await _plugin.CreateSessionAsync(_handle);
        // The PeerConnection comes later, as in the server (the plugin hears of the handle first).
        _node.Peer = new FakePeer(_handle, _gateway);
    }

    public async Task DisposeAsync()
    {
        await _plugin.DestroySessionAsync(_handle);
        await _plugin.DestroyAsync();
        _relay.Dispose();
    }

    private void PeerSends(bool video, int mindex = 0) =>
        _node.ReceiveRtp(Rtp.ToArray(), video, mindex, -1, RtpVideoCodec.None, FrameLayers.Unknown);

    // Bodies are parsed from text, as they arrive from a transport (numbers then read as any integer type).
    private Task<JsonObject> AskAsync(string body, int events) => AskAsync((JsonObject)JsonNode.Parse(body)!, events);

    private async Task<JsonObject> AskAsync(JsonObject? body, int events)
    {
        PluginResult result = await _plugin.HandleMessageAsync(_handle, "t" + events, body, null);
        Assert.Equal(PluginResultKind.OkWait, result.Kind);
        _gateway.WaitForEvents(events);
        return _gateway.Events[events - 1].Message;
    }

    [Fact]
    public void The_peers_media_comes_back_on_the_m_line_it_came_on_without_the_plugin_seeing_it()
    {
        Assert.Equal(PluginMediaInterest.TextData, _plugin.MediaInterest);
        PeerSends(video: true, mindex: 1);
        PeerSends(video: false, mindex: 0);
        Assert.Equal([(true, 1), (false, 0)], _gateway.Rtp.Select(r => (r.Video, r.MIndex)));
        Assert.All(_gateway.Rtp, r => Assert.Equal(Rtp, r.Data));
    }

    [Fact]
    public async Task Audio_false_stops_the_audio_echo_and_video_goes_on()
    {
        JsonObject ok = await AskAsync("""{"audio": false}""", 1);
        Assert.Equal("ok", ok["result"]!.GetValue<string>());
        PeerSends(video: false);
        PeerSends(video: true);
        Assert.Equal([true], _gateway.Rtp.Select(r => r.Video));
    }

    [Fact]
    public async Task A_bitrate_caps_the_peer_now_and_answers_its_rembs_with_the_cap()
    {
        await AskAsync("""{"bitrate": 256000}""", 1);
        Assert.Equal(256000u, _gateway.Rembs.Single().Bitrate);
        byte[] remb = [0x8F, 206, 0, 5, 0, 0, 0, 1, 0, 0, 0, 0, (byte)'R', (byte)'E', (byte)'M', (byte)'B', 1, 0x0F, 0xFF, 0xFF, 0, 0, 0, 2];
        _node.ReceiveRtcp(remb);
        Assert.Equal([256000u, 256000u], _gateway.Rembs.Select(r => r.Bitrate));
    }

    [Fact]
    public void Text_comes_back_with_the_prefix_in_utf8_and_binary_as_it_is()
    {
        _node.PeerDataReady();
        _node.ReceiveData("echo", null, false, Encoding.UTF8.GetBytes("héllo ☃"));
        _node.ReceiveData("echo", null, true, [1, 2, 3]);
        Assert.Equal("Janus EchoTest here! You wrote: héllo ☃", Encoding.UTF8.GetString(_gateway.Data[0].Data));
        Assert.Equal(new byte[] { 1, 2, 3 }, _gateway.Data[1].Data);
        Assert.True(_gateway.Data[1].Binary);
    }

    [Fact]
    public async Task A_hangup_says_done_and_the_next_peer_is_echoed_again()
    {
        var peer = (FakePeer)_node.Peer!;
        _node.PeerGone(peer);
        _plugin.HangupMedia(_handle);
        _gateway.WaitForEvents(1);
        Assert.Equal("done", _gateway.Events[0].Message["result"]!.GetValue<string>());

        // A new PeerConnection: the core calls setupMedia, and the echo route is back.
        _node.Peer = peer;
        _plugin.SetupMedia(_handle);
        PeerSends(video: true);
        Assert.Single(_gateway.Rtp);
        JsonObject ok = await AskAsync("""{"video": true}""", 2);
        Assert.Equal("ok", ok["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task Requests_without_a_body_or_with_a_wrong_element_get_janus_error_codes()
    {
        JsonObject none = await AskAsync((JsonObject?)null, 1);
        Assert.Equal(411, none["error_code"]!.GetValue<int>());
        JsonObject wrong = await AskAsync("""{"audio": "yes"}""", 2);
        Assert.Equal(413, wrong["error_code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_new_substream_target_asks_the_peer_for_a_keyframe()
    {
        JsonObject ok = await AskAsync("""{"substream": 1}""", 1);
        Assert.Equal("ok", ok["result"]!.GetValue<string>());
        // Substream 1 is not the current one: the peer is asked for a keyframe, the switch waits for it.
        Assert.Contains(_handle, _gateway.Plis);
        Assert.Equal(1, _node.Layers.TargetSubstream);
    }
}
