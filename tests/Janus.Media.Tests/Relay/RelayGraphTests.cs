using Janus.Core.Plugins;
using Janus.Media.Relay;
using Janus.Media.Rtp;
using Janus.Media.Rtp.Codecs;
using Janus.Media.Tests.Infrastructure;
using Janus.Media.Tests.Relay.Infrastructure;

namespace Janus.Media.Tests.Relay;

/// <summary>
/// The relay graph as the packet path uses it: a node's peer sends, the node forwards to its recipients' peers, with
/// flags, layers, caps and keyframe requests; a plugin sees only what it takes.
/// </summary>
public sealed class RelayGraphTests : IDisposable
{
    private static readonly byte[] Rtp = [0x80, 0x60, 0x00, 0x01, 0, 0, 0, 1, 0, 0, 0, 2, 0xAA];
    private static readonly byte[] Pli = [0x81, 206, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2];

    private readonly ManualTimeProvider _time = new();
    private readonly RelayGraph _graph;
    private long _nextHandle = 1;

    public RelayGraphTests() => _graph = new RelayGraph(_time, ticks: false);

    public void Dispose() => _graph.Dispose();

    private RelayNode Node(IPlugin? plugin = null)
    {
        RelayNode node = _graph.AddNode(new PluginHandle(1, _nextHandle++, null), plugin);
        node.Peer = new RecordingRelayPeer("peer" + node.Handle.HandleId);
        return node;
    }

    private static RecordingRelayPeer PeerOf(RelayNode node) => (RecordingRelayPeer)node.Peer!;

    private static void Send(RelayNode node, bool video, byte[]? rtp = null, int mindex = 0) =>
        node.ReceiveRtp(rtp ?? Rtp.ToArray(), video, mindex, -1, RtpVideoCodec.None, FrameLayers.Unknown);

    [Fact]
    public void Rtp_goes_to_every_recipients_peer_unchanged()
    {
        RelayNode sender = Node(), a = Node(), b = Node();
        sender.AddRecipient(a);
        sender.AddRecipient(b);
        Send(sender, video: true);
        Assert.Equal(Rtp, PeerOf(a).Rtp.Single().Data);
        Assert.Equal(Rtp, PeerOf(b).Rtp.Single().Data);
        Assert.Empty(PeerOf(sender).Rtp);
    }

    [Fact]
    public void An_echo_goes_back_on_the_m_line_it_came_on_and_others_get_the_first_of_its_kind()
    {
        RelayNode sender = Node(), other = Node();
        sender.AddRecipient(sender);
        sender.AddRecipient(other);
        Send(sender, video: true, mindex: 2);
        Assert.Equal(2, PeerOf(sender).Rtp.Single().MIndex);
        Assert.Equal(-1, PeerOf(other).Rtp.Single().MIndex);
    }

    [Fact]
    public void Adding_the_same_recipient_twice_forwards_once()
    {
        RelayNode sender = Node(), a = Node();
        sender.AddRecipient(a);
        sender.AddRecipient(a);
        Send(sender, video: false);
        Assert.Single(PeerOf(a).Rtp);
    }

    [Fact]
    public void A_sender_with_out_disabled_relays_nothing_of_that_medium()
    {
        RelayNode sender = Node(), a = Node();
        sender.AddRecipient(a);
        sender.Configure(RelayMedium.Video, RelayDirection.Out, false);
        Send(sender, video: true);
        Send(sender, video: false);
        Assert.Equal([false], PeerOf(a).Rtp.Select(r => r.Video));
    }

    [Fact]
    public void A_recipient_with_in_disabled_gets_nothing_of_that_medium()
    {
        RelayNode sender = Node(), a = Node(), b = Node();
        sender.AddRecipient(a);
        sender.AddRecipient(b);
        a.Configure(RelayMedium.Audio, RelayDirection.In, false);
        Send(sender, video: false);
        Assert.Empty(PeerOf(a).Rtp);
        Assert.Single(PeerOf(b).Rtp);
    }

    [Fact]
    public void Removed_recipients_and_nodes_get_nothing()
    {
        RelayNode sender = Node(), a = Node(), b = Node();
        sender.AddRecipient(a);
        sender.AddRecipient(b);
        sender.RemoveRecipient(a);
        _graph.RemoveNode(b);
        Send(sender, video: false);
        Assert.Empty(PeerOf(a).Rtp);
        Assert.Null(b.Peer);
        Assert.Equal(0, sender.Recipients.Length);
    }

    [Fact]
    public void A_recipient_without_a_peer_is_skipped()
    {
        RelayNode sender = Node(), a = Node(), b = Node();
        sender.AddRecipient(a);
        sender.AddRecipient(b);
        a.Peer = null;
        Send(sender, video: false);
        Assert.Single(PeerOf(b).Rtp);
    }

    [Fact]
    public void When_a_peer_goes_its_routes_go_both_ways_and_the_plugin_hears_nothing_of_it()
    {
        RelayNode a = Node(), b = Node();
        a.AddRecipient(b);
        b.AddRecipient(a);
        RecordingRelayPeer peerA = PeerOf(a), peerB = PeerOf(b);
        a.PeerGone(peerA);
        Assert.Null(a.Peer);
        a.Peer = peerA;
        Send(a, video: false);
        Send(b, video: false);
        Assert.Empty(peerA.Rtp);
        Assert.Empty(peerB.Rtp);
    }

    [Fact]
    public void A_peer_that_is_no_longer_the_nodes_does_not_clear_its_routes()
    {
        RelayNode a = Node(), b = Node();
        a.AddRecipient(b);
        a.PeerGone(new RecordingRelayPeer("an earlier PeerConnection"));
        Assert.Equal(1, a.Recipients.Length);
    }

    [Fact]
    public void A_receivers_keyframe_request_goes_to_its_senders_peer()
    {
        RelayNode sender = Node(), receiver = Node();
        sender.AddRecipient(receiver);
        receiver.ReceiveRtcp(Pli);
        Assert.Equal(1, PeerOf(sender).Plis);
        Assert.Equal(0, PeerOf(receiver).Plis);
    }

    [Fact]
    public void An_incoming_remb_is_answered_with_the_cap()
    {
        RelayNode node = Node();
        byte[] remb = Remb(2_000_000);
        node.ReceiveRtcp(remb);
        Assert.Empty(PeerOf(node).Rembs);
        node.SetBitrateCap(300_000);
        node.ReceiveRtcp(remb);
        Assert.Equal([300_000u, 300_000u], PeerOf(node).Rembs);
    }

    [Fact]
    public void Data_goes_only_to_recipients_whose_channel_is_ready()
    {
        RelayNode sender = Node(), a = Node(), b = Node();
        sender.AddRecipient(a);
        sender.AddRecipient(b);
        b.PeerDataReady();
        sender.ReceiveData("x", null, false, "hi"u8);
        Assert.Empty(PeerOf(a).Data);
        Assert.Equal("x", PeerOf(b).Data.Single().Label);
    }

    [Fact]
    public void A_plugin_gets_only_the_media_it_takes_and_the_recipients_get_the_rest()
    {
        var plugin = new ListeningPlugin { Interest = PluginMediaInterest.VideoRtp | PluginMediaInterest.TextData };
        RelayNode sender = Node(plugin), recipient = Node();
        sender.AddRecipient(recipient);
        recipient.PeerDataReady();
        Send(sender, video: true, mindex: 1);
        Send(sender, video: false);
        sender.ReceiveData("chat", null, false, "to the plugin"u8);
        sender.ReceiveData("chat", null, true, [1, 2]);
        Assert.Equal([(true, 1, -1, VideoCodec.None)], plugin.Rtp);
        Assert.Equal([false], PeerOf(recipient).Rtp.Select(r => r.Video));
        Assert.Equal(["to the plugin"], plugin.Data);
        Assert.True(PeerOf(recipient).Data.Single().Binary);
    }

    [Fact]
    public void The_plugin_hears_when_a_data_channel_opens()
    {
        var plugin = new ListeningPlugin();
        RelayNode node = Node(plugin);
        Assert.False(node.IsDataReady);
        node.PeerDataReady();
        Assert.True(node.IsDataReady);
        Assert.Equal(1, plugin.DataReadyCalls);
    }

    [Fact]
    public void The_contracts_codec_names_mirror_the_cores()
    {
        // The relay converts one to the other by value when it hands a packet to a plugin.
        Assert.Equal(Enum.GetNames<RtpVideoCodec>(), Enum.GetNames<VideoCodec>());
        Assert.Equal(Enum.GetValues<RtpVideoCodec>().Select(v => (int)v), Enum.GetValues<VideoCodec>().Select(v => (int)v));
    }

    [Fact]
    public void Periodic_plis_are_sent_when_due_on_the_graphs_clock()
    {
        RelayNode node = Node();
        node.SetPliFrequency(1);
        _graph.SendDuePlis(_time.GetTimestamp());
        Assert.Equal(0, PeerOf(node).Plis);
        _time.AdvanceTo(2000);
        _graph.SendDuePlis(_time.GetTimestamp());
        _graph.SendDuePlis(_time.GetTimestamp());
        Assert.Equal(1, PeerOf(node).Plis);
        node.SetPliFrequency(0);
        _time.AdvanceTo(10_000);
        _graph.SendDuePlis(_time.GetTimestamp());
        Assert.Equal(1, PeerOf(node).Plis);
    }

    [Fact]
    public void Forwarding_allocates_nothing()
    {
        RelayNode sender = Node(), a = Node(), b = Node();
        PeerOf(a).KeepRtp = PeerOf(b).KeepRtp = false;
        sender.AddRecipient(a);
        sender.AddRecipient(b);
        byte[] rtp = Rtp.ToArray();
        byte[] rtcp = Remb(1000);
        long allocated = SteadyStateAllocations(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                sender.ReceiveRtp(rtp, true, 0, -1, RtpVideoCodec.None, FrameLayers.Unknown);
                a.ReceiveRtcp(rtcp);
            }
        }, out int rounds);

        Assert.Equal(0, allocated);
        Assert.Equal(10_000 * rounds, PeerOf(a).RtpCount);
    }

    [Fact]
    public void Simulcast_forwarding_allocates_nothing()
    {
        RelayNode sender = Node(), recipient = Node();
        PeerOf(recipient).KeepRtp = false;
        sender.AddRecipient(recipient);
        byte[] key = Vp8(ssrc: 3, seq: 1, keyframe: true), delta = Vp8(ssrc: 3, seq: 2, keyframe: false), low = Vp8(ssrc: 1, seq: 1, keyframe: false);
        sender.ReceiveRtp(key, true, 1, 2, RtpVideoCodec.Vp8, FrameLayers.Unknown);
        long allocated = SteadyStateAllocations(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                sender.ReceiveRtp(delta, true, 1, 2, RtpVideoCodec.Vp8, FrameLayers.Unknown);
                sender.ReceiveRtp(low, true, 1, 0, RtpVideoCodec.Vp8, FrameLayers.Unknown);
            }
        }, out int rounds);

        Assert.Equal(0, allocated);
        Assert.Equal(1 + 10_000 * rounds, PeerOf(recipient).RtpCount);
    }

    [Fact]
    public void A_recipient_of_a_simulcast_sender_gets_one_substream_and_switches_when_asked()
    {
        var plugin = new ListeningPlugin();
        RelayNode sender = Node(), recipient = Node(plugin);
        sender.AddRecipient(recipient);
        foreach (int substream in new[] { 0, 1, 2 })
        {
            sender.ReceiveRtp(Vp8((uint)(10 + substream), 1, keyframe: true), true, 1, substream, RtpVideoCodec.Vp8, FrameLayers.Unknown);
        }
        // The first keyframe starts the stream (substream 0), the higher ones move it up to the default target, 2.
        Assert.Equal([0, 1, 2], Substreams(plugin));
        Assert.Equal(3, PeerOf(recipient).Rtp.Count);
        Assert.True(recipient.Layers.Simulcast);

        recipient.SetSubstream(0);
        Assert.Equal(1, PeerOf(sender).Plis);
        sender.ReceiveRtp(Vp8(12, 2, keyframe: false), true, 1, 2, RtpVideoCodec.Vp8, FrameLayers.Unknown);
        sender.ReceiveRtp(Vp8(11, 2, keyframe: true), true, 1, 1, RtpVideoCodec.Vp8, FrameLayers.Unknown);
        sender.ReceiveRtp(Vp8(10, 2, keyframe: true), true, 1, 0, RtpVideoCodec.Vp8, FrameLayers.Unknown);
        Assert.Equal([0, 1, 2, 1, 0], Substreams(plugin));
        sender.ReceiveRtp(Vp8(12, 3, keyframe: true), true, 1, 2, RtpVideoCodec.Vp8, FrameLayers.Unknown);
        Assert.Equal(0, recipient.Layers.Substream);
        // Out-of-range targets are ignored, as Janus does.
        recipient.SetSubstream(5);
        Assert.Equal(0, recipient.Layers.TargetSubstream);
    }

    [Fact]
    public void A_recipient_of_an_svc_sender_gets_the_spatial_layer_it_asks_for()
    {
        var plugin = new ListeningPlugin();
        RelayNode sender = Node(), recipient = Node(plugin);
        sender.PeerSendsSvc = true;
        sender.AddRecipient(recipient);
        recipient.SetSpatialLayer(0);

        // One AV1 picture in two spatial layers (Dependency Descriptor), a keyframe: only layer 0 reaches the recipient.
        SendAv1(sender, seq: 1, spatial: 0, keyframe: true);
        SendAv1(sender, seq: 2, spatial: 1, keyframe: true);
        Assert.Equal([1], PeerOf(recipient).Rtp.Select(r => (int)Seq(r.Data)));
        Assert.True(recipient.Layers.Svc);
        Assert.Equal(0, recipient.Layers.SpatialLayer);

        int plis = PeerOf(sender).Plis;
        recipient.SetSpatialLayer(1);
        Assert.Equal(plis + 1, PeerOf(sender).Plis); // the switch up waits for a keyframe: one is asked for
        SendAv1(sender, seq: 3, spatial: 0, keyframe: true);
        SendAv1(sender, seq: 4, spatial: 1, keyframe: true);
        Assert.Equal(1, recipient.Layers.SpatialLayer);
        Assert.Contains(plugin.LayerChanges, c => (c.Change & VideoLayerChange.SpatialLayer) != 0 && c.Layers.SpatialLayer == 1);
        // The recipient's copy has no gap where layer 1 was dropped.
        Assert.Equal([1, 2, 3], PeerOf(recipient).Rtp.Select(r => (int)Seq(r.Data)));
    }

    [Fact]
    public async Task Forwarding_stays_consistent_while_the_graph_changes()
    {
        RelayNode sender = Node();
        RelayNode[] recipients = [Node(), Node(), Node(), Node()];
        foreach (RelayNode r in recipients)
        {
            PeerOf(r).KeepRtp = false;
        }
        using var stop = new CancellationTokenSource();
        Task[] senders = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            byte[] rtp = Rtp.ToArray();
            while (!stop.IsCancellationRequested)
            {
                sender.ReceiveRtp(rtp, true, 0, -1, RtpVideoCodec.None, FrameLayers.Unknown);
            }
        })).ToArray();
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            RelayNode r = recipients[random.Next(recipients.Length)];
            if (random.Next(2) == 0)
            {
                sender.AddRecipient(r);
            }
            else
            {
                sender.RemoveRecipient(r);
            }
        }

        stop.Cancel();
        await Task.WhenAll(senders);

        foreach (RelayNode r in recipients)
        {
            sender.AddRecipient(r);
        }

        Assert.Equal(recipients.Length, sender.Recipients.Length);
        int before = recipients.Sum(r => PeerOf(r).RtpCount);
        Send(sender, video: true);
        Assert.Equal(before + recipients.Length, recipients.Sum(r => PeerOf(r).RtpCount));
    }

    [Fact]
    public void A_recipient_of_another_media_core_is_refused()
    {
        using var other = new RelayGraph(ticks: false);
        RelayNode stranger = other.AddNode(new PluginHandle(1, 99, null));
        Assert.Throws<ArgumentException>(() => Node().AddRecipient(stranger));
    }

    private static List<int> Substreams(ListeningPlugin plugin) =>
        plugin.LayerChanges.Where(c => (c.Change & VideoLayerChange.Substream) != 0).Select(c => c.Layers.Substream).ToList();

    private static ushort Seq(byte[] rtp) => (ushort)((rtp[2] << 8) | rtp[3]);

    // An AV1 packet (N bit on a keyframe) whose layers the core read from a Dependency Descriptor.
    private static void SendAv1(RelayNode sender, ushort seq, int spatial, bool keyframe)
    {
        byte[] packet = [0x80, 0x60, (byte)(seq >> 8), (byte)seq, 0, 0, 0, 1, 0, 0, 0, 7, (byte)(keyframe ? 0x08 : 0x00), 0, 0];
        sender.ReceiveRtp(packet, true, 1, -1, RtpVideoCodec.Av1, new FrameLayers(spatial, 0, StartOfFrame: true, EndOfFrame: true, Known: true));
    }

    // A VP8 packet with the minimal payload descriptor (S bit), a keyframe's start code when asked.
    private static byte[] Vp8(uint ssrc, ushort seq, bool keyframe) =>
        [0x80, 0x60, (byte)(seq >> 8), (byte)seq, 0, 0, 0, 1, (byte)(ssrc >> 24), (byte)(ssrc >> 16), (byte)(ssrc >> 8), (byte)ssrc,
            0x10, (byte)(keyframe ? 0x00 : 0x01), 0, 0, 0x9D, 0x01, 0x2A, 0, 0, 0];

    // Bytes one more round allocates once rounds stop allocating: the JIT's tiering may allocate while the first
    // rounds run, and that is not the packet path's doing. A path that allocates per packet never gets there.
    private static long SteadyStateAllocations(Action round, out int rounds)
    {
        rounds = 0;
        for (int i = 0; i < 10; i++)
        {
            long start = GC.GetAllocatedBytesForCurrentThread();
            round();
            rounds++;
            if (GC.GetAllocatedBytesForCurrentThread() == start)
            {
                break;
            }
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        round();
        rounds++;
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>A REMB (draft-alvestrand-rmcat-remb §2.2) for one SSRC.</summary>
    internal static byte[] Remb(uint bitrate)
    {
        int exponent = 0;
        uint mantissa = bitrate;
        while (mantissa > 0x3FFFF)
        {
            mantissa >>= 1;
            exponent++;
        }

        return
        [
            0x8F, 206, 0, 5, 0, 0, 0, 1, 0, 0, 0, 0, (byte)'R', (byte)'E', (byte)'M', (byte)'B',
            1, (byte)((exponent << 2) | (int)(mantissa >> 16)), (byte)(mantissa >> 8), (byte)mantissa,
            0, 0, 0, 2,
        ];
    }
}
