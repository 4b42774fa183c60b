using Janus.Media.Rtp;
using Janus.Media.Rtp.Codecs;
using Janus.Media.Relay;

namespace Janus.Media.Tests.Relay;

/// <summary>Hostile or broken video packets reach the layer switchers from any peer: they must never throw.</summary>
public sealed class LayerSwitchingFuzzTests
{
    [Fact]
    public void Random_and_mutated_packets_never_throw_and_what_is_relayed_fits_the_output()
    {
        var random = new Random(11);
        var simulcast = new SimulcastForwarder();
        var svc = new SvcForwarder();
        var output = new byte[1500];
        RtpVideoCodec[] codecs = [RtpVideoCodec.None, RtpVideoCodec.Vp8, RtpVideoCodec.Vp9, RtpVideoCodec.H264, RtpVideoCodec.Av1, RtpVideoCodec.H265];
        byte[] valid = Vp8Packets.Build(5, 1, 0, 1, 0, 0, keyframe: true);
        for (int i = 0; i < 30_000; i++)
        {
            byte[] packet;
            if (i % 2 == 0)
            {
                packet = new byte[random.Next(0, 64)];
                random.NextBytes(packet);
                if (packet.Length > 0)
                {
                    packet[0] = (byte)(0x80 | (packet[0] & 0x3F)); // often a parsable RTP header
                }
            }
            else
            {
                packet = valid.ToArray();
                packet[random.Next(packet.Length)] ^= (byte)random.Next(1, 256);
            }
            RtpVideoCodec codec = codecs[random.Next(codecs.Length)];
            var layers = new FrameLayers(random.Next(-1, 4), random.Next(-1, 4), random.Next(2) == 0, random.Next(2) == 0, random.Next(2) == 0);
            if (simulcast.Forward(packet, random.Next(-1, 3), codec, output, out int length, random.Next(-1, 3)).HasFlag(SimulcastDecision.Relay))
            {
                Assert.Equal(packet.Length, length);
            }
            if (svc.Forward(packet, codec, layers, output, out length).HasFlag(SvcDecision.Relay))
            {
                Assert.Equal(packet.Length, length);
            }
            if (i % 1000 == 0)
            {
                simulcast.TargetSubstream = random.Next(3);
                svc.TargetSpatialLayer = random.Next(3);
                svc.TargetTemporalLayer = random.Next(3);
            }
        }
    }
}
