using System.Diagnostics;
using Janus.Core.Plugins;
using Janus.Media.Relay;
using Janus.Media.Rtp.Rtcp;
using Janus.Scripting.Tests.Infrastructure;

namespace Janus.Scripting.Tests.Relay;

public sealed class RelayGraphTests : IDisposable
{
    private static readonly byte[] Rtp = [0x80, 0x60, 0x00, 0x01, 0, 0, 0, 1, 0, 0, 0, 2, 0xAA];
    private static readonly byte[] Pli = [0x81, 206, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2];

    private readonly FakeGateway _gateway = new();
    private readonly RelayGraph _graph;

    public RelayGraphTests() => _graph = new RelayGraph(_gateway);

    public void Dispose() => _graph.Dispose();

    private RelayNode Node() => _graph.AddNode(ScriptFixture.NewHandle());

    [Fact]
    public void RtpGoesToEveryRecipient()
    {
        RelayNode sender = Node(), a = Node(), b = Node();
        _graph.AddRecipient(sender, a);
        _graph.AddRecipient(sender, b);
        _graph.IncomingRtp(sender, new RtpPacket(0, true, Rtp));
        Assert.Equal([a.Handle, b.Handle], _gateway.Rtp.Select(r => r.Handle));
        Assert.All(_gateway.Rtp, r => Assert.Equal(Rtp, r.Data));
    }

    [Fact]
    public void AddingTheSameRecipientTwiceForwardsOnce()
    {
        RelayNode sender = Node(), a = Node();
        _graph.AddRecipient(sender, a);
        _graph.AddRecipient(sender, a);
        _graph.IncomingRtp(sender, new RtpPacket(0, false, Rtp));
        Assert.Single(_gateway.Rtp);
    }

    [Fact]
    public void ASenderWithOutDisabledRelaysNothingOfThatMedium()
    {
        RelayNode sender = Node(), a = Node();
        _graph.AddRecipient(sender, a);
        _graph.ConfigureMedium(sender, RelayMedium.Video, RelayDirection.Out, false);
        _graph.IncomingRtp(sender, new RtpPacket(0, true, Rtp));
        _graph.IncomingRtp(sender, new RtpPacket(0, false, Rtp));
        Assert.Equal([false], _gateway.Rtp.Select(r => r.Video));
    }

    [Fact]
    public void ARecipientWithInDisabledGetsNothingOfThatMedium()
    {
        RelayNode sender = Node(), a = Node(), b = Node();
        _graph.AddRecipient(sender, a);
        _graph.AddRecipient(sender, b);
        _graph.ConfigureMedium(a, RelayMedium.Audio, RelayDirection.In, false);
        _graph.IncomingRtp(sender, new RtpPacket(0, false, Rtp));
        Assert.Equal([b.Handle], _gateway.Rtp.Select(r => r.Handle));
    }

    [Fact]
    public void RemovedRecipientsAndNodesGetNothing()
    {
        RelayNode sender = Node(), a = Node(), b = Node();
        _graph.AddRecipient(sender, a);
        _graph.AddRecipient(sender, b);
        _graph.RemoveRecipient(sender, a);
        _graph.RemoveNode(b);
        _graph.IncomingRtp(sender, new RtpPacket(0, false, Rtp));
        Assert.Empty(_gateway.Rtp);
        Assert.Equal(0, sender.Recipients.Length);
    }

    [Fact]
    public void ClearingMediaCutsBothWays()
    {
        RelayNode a = Node(), b = Node();
        _graph.AddRecipient(a, b);
        _graph.AddRecipient(b, a);
        _graph.ClearMedia(a);
        _graph.IncomingRtp(a, new RtpPacket(0, false, Rtp));
        _graph.IncomingRtp(b, new RtpPacket(0, false, Rtp));
        Assert.Empty(_gateway.Rtp);
    }

    [Fact]
    public void AReceiversKeyframeRequestGoesToItsSender()
    {
        RelayNode sender = Node(), receiver = Node();
        _graph.AddRecipient(sender, receiver);
        _graph.IncomingRtcp(receiver, new RtcpPacket(0, true, Pli));
        Assert.Equal([sender.Handle], _gateway.Plis);
    }

    [Fact]
    public void AnIncomingRembIsAnsweredWithTheCap()
    {
        RelayNode node = Node();
        byte[] remb = Remb(2_000_000);
        _graph.IncomingRtcp(node, new RtcpPacket(0, true, remb));
        Assert.Empty(_gateway.Rembs);
        _graph.SetBitrate(node, 300_000);
        _graph.IncomingRtcp(node, new RtcpPacket(0, true, remb));
        Assert.Equal([300_000u, 300_000u], _gateway.Rembs.Select(r => r.Bitrate));
    }

    [Fact]
    public void DataGoesOnlyToRecipientsWhoseChannelIsReady()
    {
        RelayNode sender = Node(), a = Node(), b = Node();
        _graph.AddRecipient(sender, a);
        _graph.AddRecipient(sender, b);
        _graph.SetDataReady(b);
        _graph.IncomingData(sender, new DataPacket("x", null, false, "hi"u8));
        Assert.Equal([b.Handle], _gateway.Data.Select(d => d.Handle));
    }

    [Fact]
    public void PeriodicPlisAreSentWhenDue()
    {
        RelayNode node = Node();
        _graph.SetPliFrequency(node, 1);
        long now = Stopwatch.GetTimestamp();
        _graph.SendDuePlis(now);
        Assert.Empty(_gateway.Plis);
        _graph.SendDuePlis(now + 2 * Stopwatch.Frequency);
        _graph.SendDuePlis(now + 2 * Stopwatch.Frequency);
        Assert.Equal([node.Handle], _gateway.Plis);
    }

    [Fact]
    public void ForwardingAllocatesNothing()
    {
        _gateway.KeepRtp = false;
        RelayNode sender = Node(), a = Node(), b = Node();
        _graph.AddRecipient(sender, a);
        _graph.AddRecipient(sender, b);
        byte[] rtcp = Remb(1000);
        long allocated = SteadyStateAllocations(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                _graph.IncomingRtp(sender, new RtpPacket(0, true, Rtp));
                RtcpFeedbackScanner.Scan(rtcp);
            }
        }, out int rounds);

        Assert.Equal(0, allocated);
        Assert.Equal(20_000 * rounds, _gateway.RtpCount);
    }

    [Fact]
    public void SimulcastForwardingAllocatesNothing()
    {
        _gateway.KeepRtp = false;
        RelayNode sender = Node(), recipient = Node();
        _graph.AddRecipient(sender, recipient);
        byte[] key = Vp8(ssrc: 3, seq: 1, keyframe: true), delta = Vp8(ssrc: 3, seq: 2, keyframe: false), low = Vp8(ssrc: 1, seq: 1, keyframe: false);
        _graph.IncomingRtp(sender, new RtpPacket(1, true, key, 2, VideoCodec.Vp8));
        long allocated = SteadyStateAllocations(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                _graph.IncomingRtp(sender, new RtpPacket(1, true, delta, 2, VideoCodec.Vp8));
                _graph.IncomingRtp(sender, new RtpPacket(1, true, low, 0, VideoCodec.Vp8));
            }
        }, out int rounds);

        Assert.Equal(0, allocated);
        Assert.Equal(1 + 10_000 * rounds, _gateway.RtpCount);
    }

    [Fact]
    public void A_recipient_of_a_simulcast_sender_gets_one_substream_and_switches_when_asked()
    {
        var listener = new SubstreamListener();
        using var graph = new RelayGraph(_gateway, listener);
        RelayNode sender = graph.AddNode(ScriptFixture.NewHandle()), recipient = graph.AddNode(ScriptFixture.NewHandle());
        graph.AddRecipient(sender, recipient);
        foreach (int substream in new[] { 0, 1, 2 })
        {
            graph.IncomingRtp(sender, new RtpPacket(1, true, Vp8((uint)(10 + substream), 1, keyframe: true), substream, VideoCodec.Vp8));
        }
        // The first keyframe starts the stream (substream 0), the higher ones move it up to the default target, 2.
        Assert.Equal([0, 1, 2], listener.Substreams);
        Assert.Equal(3, _gateway.Rtp.Count);

        graph.SetSubstream(recipient, 0);
        Assert.Contains(sender.Handle, _gateway.Plis);
        graph.IncomingRtp(sender, new RtpPacket(1, true, Vp8(12, 2, keyframe: false), 2, VideoCodec.Vp8));
        graph.IncomingRtp(sender, new RtpPacket(1, true, Vp8(11, 2, keyframe: true), 1, VideoCodec.Vp8));
        graph.IncomingRtp(sender, new RtpPacket(1, true, Vp8(10, 2, keyframe: true), 0, VideoCodec.Vp8));
        Assert.Equal([0, 1, 2, 1, 0], listener.Substreams);
        graph.IncomingRtp(sender, new RtpPacket(1, true, Vp8(12, 3, keyframe: true), 2, VideoCodec.Vp8));
        Assert.Equal(0, recipient.Simulcast.Substream);
        // Out-of-range targets are ignored, as Janus does.
        graph.SetSubstream(recipient, 5);
        Assert.Equal(0, recipient.Simulcast.TargetSubstream);
    }

    private sealed class SubstreamListener : IRelayGraphListener
    {
        public List<int> Substreams { get; } = [];

        public void SubstreamChanged(RelayNode node, int substream) => Substreams.Add(substream);

        public void TemporalLayerChanged(RelayNode node, int layer)
        {
        }
    }

    // A VP8 packet with the minimal payload descriptor (S bit), a keyframe's start code when asked.
    private static byte[] Vp8(uint ssrc, ushort seq, bool keyframe)
    {
        byte[] packet = [0x80, 0x60, (byte)(seq >> 8), (byte)seq, 0, 0, 0, 1, (byte)(ssrc >> 24), (byte)(ssrc >> 16), (byte)(ssrc >> 8), (byte)ssrc,
            0x10, (byte)(keyframe ? 0x00 : 0x01), 0, 0, 0x9D, 0x01, 0x2A, 0, 0, 0];
        return packet;
    }

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

    [Fact]
    public async Task ForwardingStaysConsistentWhileTheGraphChanges()
    {
        _gateway.KeepRtp = false;
        RelayNode sender = Node();
        RelayNode[] recipients = [Node(), Node(), Node(), Node()];
        using var stop = new CancellationTokenSource();
        Task[] senders = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                _graph.IncomingRtp(sender, new RtpPacket(0, true, Rtp));
            }
        })).ToArray();
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            RelayNode r = recipients[random.Next(recipients.Length)];
            if (random.Next(2) == 0)
            {
                _graph.AddRecipient(sender, r);
            }
            else
            {
                _graph.RemoveRecipient(sender, r);
            }
        }

        stop.Cancel();
        await Task.WhenAll(senders);

        foreach (RelayNode r in recipients)
        {
            _graph.AddRecipient(sender, r);
        }

        Assert.Equal(recipients.Length, sender.Recipients.Length);
        int before = _gateway.RtpCount;
        _graph.IncomingRtp(sender, new RtpPacket(0, true, Rtp));
        Assert.Equal(before + recipients.Length, _gateway.RtpCount);
    }

    [Fact]
    public void TheRtcpScannerReadsPliFirAndRemb()
    {
        Assert.True(RtcpFeedbackScanner.Scan(Pli).KeyframeRequested);
        byte[] fir = [0x84, 206, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0, 0, 0];
        Assert.True(RtcpFeedbackScanner.Scan(fir).KeyframeRequested);
        byte[] compound = [.. new byte[] { 0x80, 201, 0, 1, 0, 0, 0, 1 }, .. Remb(123_456)];
        RtcpFeedback feedback = RtcpFeedbackScanner.Scan(compound);
        Assert.False(feedback.KeyframeRequested);
        Assert.InRange(feedback.RembBitrate, 123_000u, 123_456u);
    }

    [Fact]
    public void TheRtcpScannerSurvivesRandomAndMutatedInput()
    {
        var random = new Random(1234);
        byte[] seed = [.. Pli, .. Remb(500_000)];
        for (int i = 0; i < 20_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 64)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])seed.Clone();
                for (int m = random.Next(1, 4); m > 0; m--)
                {
                    input[random.Next(input.Length)] = (byte)random.Next(256);
                }

                input = input[..random.Next(input.Length + 1)];
            }

            RtcpFeedbackScanner.Scan(input);
        }
    }

    /// <summary>A REMB (draft-alvestrand-rmcat-remb §2.2) for one SSRC.</summary>
    private static byte[] Remb(uint bitrate)
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
