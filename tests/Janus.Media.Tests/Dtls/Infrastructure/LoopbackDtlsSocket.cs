using System.Net;
using System.Net.Sockets;
using Janus.Media.Dtls;

namespace Janus.Media.Tests.Dtls.Infrastructure;

/// <summary>
/// A loopback UDP socket feeding a <see cref="DtlsTransport"/> (to talk to an OpenSSL peer), where the ICE layer
/// does it in the server. Not the production <c>Janus.Media.Net.UdpEndpoint</c>, hence a name of its own.
/// </summary>
internal sealed class LoopbackDtlsSocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Thread _receiveLoop;
    private volatile bool _stopped;

    public LoopbackDtlsSocket(int port = 0)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        _receiveLoop = new Thread(ReceiveLoop) { IsBackground = true, Name = "udp-test" };
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Where to send; as server, learnt from the first datagram.</summary>
    public EndPoint? Remote { get; set; }

    public DtlsTransport? Transport { get; set; }

    public void Start() => _receiveLoop.Start();

    public void Send(ReadOnlySpan<byte> datagram)
    {
        if (Remote is { } remote)
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
        }
    }

    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        _stopped = true;
        _socket.Dispose();
        if (_receiveLoop.IsAlive)
        {
            _receiveLoop.Join(TimeSpan.FromSeconds(5));
        }
    }

    private void ReceiveLoop()
    {
        byte[] buffer = new byte[65536];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopped)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (Exception) when (_stopped)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // ICMP port unreachable while the peer is not up yet
            }
            Remote ??= from;
            Transport?.HandleIncoming(buffer.AsSpan(0, received));
        }
    }
}
