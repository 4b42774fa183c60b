using System.Net;
using System.Net.Sockets;
using Janus.Media.Ice.Stun;

namespace Janus.Media.Tests.Ice.Infrastructure;

/// <summary>
/// A STUN server on 127.0.0.1 for server-reflexive gathering tests. It pretends to sit behind a NAT: it answers
/// with <see cref="PublicAddress"/> and the client's real source port, as a full-cone NAT would map it.
/// </summary>
internal sealed class TinyStunServer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Thread _thread;
    private volatile bool _stopped;

    public TinyStunServer(IPAddress publicAddress)
    {
        PublicAddress = publicAddress;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _thread = new Thread(Run) { IsBackground = true, Name = "tiny-stun" };
        _thread.Start();
    }

    public IPAddress PublicAddress { get; }
    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;
    public int Requests;

    private void Run()
    {
        var buffer = new byte[1500];
        var response = new byte[128];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopped)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            if (!StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage request) || !request.IsRequest)
            {
                continue;
            }
            Interlocked.Increment(ref Requests);
            var writer = new StunWriter(response, StunConstants.BindingSuccess, request.TransactionId);
            writer.AddXorMappedAddress(PublicAddress.GetAddressBytes(), ((IPEndPoint)from).Port);
            writer.AddFingerprint();
            _socket.SendTo(response.AsSpan(0, writer.Length), SocketFlags.None, from);
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _socket.Dispose();
    }
}
