using System.Net;

namespace Janus.Media.Net;

/// <summary>
/// Gets every datagram a <see cref="UdpEndpoint"/> receives. Called on the endpoint's receive loop; the span and
/// the address are only valid during the call (both are reused for the next datagram).
/// </summary>
internal interface IUdpReceiver
{
    void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, SocketAddress remote);
}
