using Janus.Media.Net;

namespace Janus.Media.Ice;

/// <summary>
/// The PeerConnection's side of the agent: every DTLS and RTP/RTCP datagram that arrives on a pair ICE has
/// validated. Called on a socket's receive loop, never concurrently for one agent's socket but possibly from
/// several sockets at once when the agent has more than one host address. The span is only valid during the call.
/// </summary>
public interface IIceDatagramSink
{
    void OnDatagram(DatagramKind kind, Span<byte> datagram, IceCandidatePair pair);
}
