using Janus.Core.Plugins;
using Janus.Media.Relay;

namespace Janus.Scripting.Tests.Infrastructure;

/// <summary>
/// Stands where a handle's PeerConnection would: what the relay sends to the peer is recorded in the fake gateway's
/// lists under the handle, beside what the plugin sends itself, so a test sees everything that reaches the peer.
/// </summary>
internal sealed class FakePeer(PluginHandle handle, FakeGateway gateway) : IRelayPeer
{
    public void SendRtp(ReadOnlySpan<byte> rtp, bool video, int mindex) => gateway.RelayRtp(handle, new RtpPacket(mindex, video, rtp.ToArray()));

    public void SendRtcp(ReadOnlySpan<byte> rtcp, bool video, int mindex) => gateway.RelayRtcp(handle, new RtcpPacket(mindex, video, rtcp.ToArray()));

    public void SendData(string? label, string? protocol, bool binary, ReadOnlySpan<byte> data) =>
        gateway.RelayData(handle, new DataPacket(label, protocol, binary, data));

    public void SendPli(int mindex) => gateway.SendPli(handle, mindex);

    public void SendRemb(uint bitsPerSecond) => gateway.SendRemb(handle, bitsPerSecond);
}
