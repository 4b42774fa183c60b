using Janus.Media.Rtp.Rtcp;

namespace Janus.Plugins.EchoTest;

/// <summary>Finds a REMB (draft-alvestrand-rmcat-remb §2.2) in a compound RTCP packet, with the media core's parser.</summary>
internal static class RembReader
{
    /// <summary>The bitrate of the first REMB in the packet (saturated to 32 bits), or 0 if there is none.</summary>
    public static uint Read(ReadOnlySpan<byte> rtcp)
    {
        foreach (RtcpPacketView packet in new RtcpCompoundEnumerator(rtcp))
        {
            if (packet.PacketType == RtcpPacketType.PayloadFeedback
                && RtcpRemb.TryParse(packet.Packet, out _, out ulong bitrate, out _))
            {
                return (uint)Math.Min(bitrate, uint.MaxValue);
            }
        }
        return 0;
    }
}
