using System.Net;
using System.Text;
using Janus.Media.Net;

namespace Janus.Media.Tests.Net;

/// <summary>
/// The mux alone, with a key reader of the test's own (no ICE): it routes by the key the reader finds, else by a
/// claimed address, else drops. Datagrams are handed to it directly; nothing is sent on its socket.
/// </summary>
public sealed class SinglePortMuxTests : IDisposable
{
    private static readonly SocketAddress PeerA = new IPEndPoint(IPAddress.Loopback, 40001).Serialize();
    private static readonly SocketAddress PeerB = new IPEndPoint(IPAddress.Loopback, 40002).Serialize();

    private readonly SinglePortMux _mux;
    private readonly Receiver _alice = new();
    private readonly Receiver _bob = new();

    public SinglePortMuxTests() => _mux = new SinglePortMux([IPAddress.Loopback], 0, ReadKeyAfterFirstByte);

    public void Dispose() => _mux.Dispose();

    // A STUN-looking datagram (first byte 0) whose key is the rest of it, as text; 0xFF as second byte: no key.
    private static bool ReadKeyAfterFirstByte(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> key)
    {
        key = datagram.Slice(1);
        return datagram.Length < 2 || datagram[1] != 0xFF;
    }

    private static byte[] Stun(string key) => [0x00, .. Encoding.UTF8.GetBytes(key)];

    private void Deliver(byte[] datagram, SocketAddress from) =>
        ((IUdpReceiver)_mux).OnDatagram(_mux.Endpoints[0], datagram, from);

    [Fact]
    public void AStunDatagramGoesToTheReceiverRegisteredForItsKey()
    {
        _mux.RegisterUfrag("alice", _alice);
        _mux.RegisterUfrag("bob", _bob);

        Deliver(Stun("bob"), PeerA);
        Deliver(Stun("alice"), PeerA);

        Assert.Equal(1, _alice.Count);
        Assert.Equal(1, _bob.Count);
        Assert.Equal(0, _mux.DroppedDatagrams);
    }

    [Fact]
    public void DatagramsWithoutAKeyGoByTheAddressAReceiverClaimed()
    {
        _mux.RegisterUfrag("alice", _alice);
        _mux.ClaimAddress(PeerB, _bob);

        Deliver([0x80, 0x60, 0, 1], PeerB); // RTP: never asks the key reader
        Deliver([0x00, 0xFF], PeerB); // STUN the reader finds no key in
        Deliver(Stun("nobody"), PeerB); // a key no one registered

        Assert.Equal(3, _bob.Count);
        Assert.Equal(0, _alice.Count);
    }

    [Fact]
    public void ADatagramNoReceiverClaimsIsCountedAsDropped()
    {
        _mux.ClaimAddress(PeerB, _bob);

        Deliver([0x80, 0x60, 0, 1], PeerA);
        Deliver(Stun("nobody"), PeerA);
        Deliver(Stun("ünïcode"), PeerA); // ufrags are ASCII: not looked up

        Assert.Equal(3, _mux.DroppedDatagrams);
        Assert.Equal(0, _bob.Count);
    }

    [Fact]
    public void AReleasedReceiverGetsNothingMore()
    {
        _mux.RegisterUfrag("alice", _alice);
        _mux.ClaimAddress(PeerA, _alice);
        _mux.ReleaseAll(_alice);

        Deliver(Stun("alice"), PeerA);
        Deliver([0x80, 0x60, 0, 1], PeerA);

        Assert.Equal(0, _alice.Count);
        Assert.Equal(2, _mux.DroppedDatagrams);
    }

    private sealed class Receiver : IUdpReceiver
    {
        public int Count { get; private set; }

        public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, SocketAddress remote) => Count++;
    }
}
