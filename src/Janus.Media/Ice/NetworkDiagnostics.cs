using System.Net;
using System.Net.Sockets;
using Janus.Media.Net;

namespace Janus.Media.Ice;

/// <summary>
/// The Admin API's network checks (Janus's <c>resolve_address</c> and <c>test_stun</c>): can this server resolve a
/// name, and what public address does a STUN server see for one of its sockets.
/// </summary>
public static class NetworkDiagnostics
{
    /// <summary>The first address <paramref name="address"/> resolves to (an address literal is its own), or null.</summary>
    public static async Task<IPAddress?> ResolveAsync(string address, CancellationToken cancellationToken = default)
    {
        if (IPAddress.TryParse(address, out IPAddress? literal))
        {
            return literal;
        }
        try
        {
            IPAddress[] addresses = await Dns.GetHostAddressesAsync(address, cancellationToken).ConfigureAwait(false);
            return addresses.Length > 0 ? addresses[0] : null;
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Sends a Binding request from a socket bound to <paramref name="localPort"/> (0: any) to the STUN server and
    /// returns the mapped address it answers with, or null when it does not answer (RFC 8489 retransmissions).
    /// </summary>
    public static async Task<IPEndPoint?> TestStunAsync(IPEndPoint server, int localPort, IceTimings timings, CancellationToken cancellationToken = default)
    {
        var client = new StunServerClient();
        var receiver = new ResponseReceiver(client);
        IPAddress any = server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        UdpEndpoint endpoint;
        try
        {
            endpoint = UdpEndpoint.Bind(any, localPort, localPort, receiver);
        }
        catch (SocketException)
        {
            return null;
        }
        using (endpoint)
        {
            endpoint.Start();
            return await client.QueryAsync(endpoint, server, timings.StunServerAttempts, timings.StunServerRto, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class ResponseReceiver(StunServerClient client) : IUdpReceiver
    {
        public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, SocketAddress remote) => client.TryHandleResponse(datagram);
    }
}
