using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Janus.Core.Logging;

namespace Janus.Media.Net;

/// <summary>
/// Finds the local ufrag a STUN datagram is addressed to (the part of USERNAME before the colon, RFC 8445 §7.2.2);
/// false when it carries none (not a request, no USERNAME, not STUN at all).
/// </summary>
internal delegate bool LocalUfragReader(ReadOnlySpan<byte> stunDatagram, out ReadOnlySpan<byte> localUfrag);

/// <summary>
/// Single-port mode (MediaOptions.SinglePort): one socket per local address, shared by every PeerConnection.
/// A STUN request is routed by the local ufrag it names; everything else by the remote address an agent claimed
/// once it authenticated the peer there or sent it a check.
/// Lookups are lock-free and allocation-free (the address map keys on <see cref="SocketAddress"/> value equality;
/// the ufrag map is probed with a span through an alternate lookup).
/// <para>
/// The ufrag is read by a function the owner gives (<see cref="LocalUfragReader"/>, the ICE layer's STUN parser)
/// rather than by parsing STUN here: Net stays below Ice (Ice binds its sockets through Net), so the folders do not
/// depend on each other and the mux is testable with any key reader.
/// </para>
/// </summary>
internal sealed class SinglePortMux : IUdpReceiver, IDisposable
{
    private readonly LocalUfragReader _readLocalUfrag;
    private readonly ConcurrentDictionary<string, IUdpReceiver> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SocketAddress, IUdpReceiver> _byAddress = new();
    private readonly List<UdpEndpoint> _endpoints = new();
    private long _dropped;

    public SinglePortMux(IReadOnlyList<IPAddress> addresses, int port, LocalUfragReader readLocalUfrag)
    {
        _readLocalUfrag = readLocalUfrag;
        try
        {
            foreach (IPAddress address in addresses)
            {
                _endpoints.Add(UdpEndpoint.Bind(address, port, port, this));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        foreach (UdpEndpoint endpoint in _endpoints)
        {
            endpoint.Start();
        }
    }

    public IReadOnlyList<UdpEndpoint> Endpoints => _endpoints;

    /// <summary>Datagrams no agent claimed (unknown ufrag or address, garbage).</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _dropped);

    /// <summary>Sees server-reflexive responses before routing (set by the owner that gathers on these sockets).</summary>
    internal Func<ReadOnlySpan<byte>, bool>? StunResponseInterceptor { get; set; }

    public void RegisterUfrag(string localUfrag, IUdpReceiver agent) => _byUfrag[localUfrag] = agent;

    public void UnregisterUfrag(string localUfrag, IUdpReceiver agent) =>
        _byUfrag.TryRemove(new KeyValuePair<string, IUdpReceiver>(localUfrag, agent));

    /// <summary>Routes the remote address to <paramref name="agent"/>; the address is copied only when new.</summary>
    public void ClaimAddress(SocketAddress remote, IUdpReceiver agent)
    {
        if (_byAddress.TryGetValue(remote, out IUdpReceiver? current) && ReferenceEquals(current, agent))
        {
            return;
        }
        _byAddress[SocketAddressBytes.Clone(remote)] = agent;
    }

    public void ReleaseAll(IUdpReceiver agent)
    {
        foreach (KeyValuePair<SocketAddress, IUdpReceiver> entry in _byAddress)
        {
            if (ReferenceEquals(entry.Value, agent))
            {
                _byAddress.TryRemove(entry);
            }
        }
        foreach (KeyValuePair<string, IUdpReceiver> entry in _byUfrag)
        {
            if (ReferenceEquals(entry.Value, agent))
            {
                _byUfrag.TryRemove(entry);
            }
        }
    }

    void IUdpReceiver.OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, SocketAddress remote)
    {
        IUdpReceiver? target = null;
        if (DatagramClassifier.Classify(datagram) == DatagramKind.Stun)
        {
            if (StunResponseInterceptor is { } intercept && intercept(datagram))
            {
                return;
            }
            target = FindByLocalUfrag(datagram);
        }
        if (target is null)
        {
            _byAddress.TryGetValue(remote, out target);
        }
        if (target is null)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        target.OnDatagram(endpoint, datagram, remote);
    }

    private IUdpReceiver? FindByLocalUfrag(ReadOnlySpan<byte> datagram)
    {
        if (!_readLocalUfrag(datagram, out ReadOnlySpan<byte> localUfrag) || localUfrag.IsEmpty || localUfrag.Length > 256)
        {
            return null;
        }
        Span<char> chars = stackalloc char[localUfrag.Length];
        if (Encoding.UTF8.GetCharCount(localUfrag) != localUfrag.Length)
        {
            return null; // ufrags are ice-chars (ASCII) only
        }
        Encoding.UTF8.GetChars(localUfrag, chars);
        var lookup = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars, out IUdpReceiver? agent))
        {
            return agent;
        }
        if (JanusLog.IsEnabled(JanusLogLevel.Dbg))
        {
            JanusLog.Debug($"[net] single port: no agent for ufrag {chars.ToString()}");
        }
        return null;
    }

    public void Dispose()
    {
        foreach (UdpEndpoint endpoint in _endpoints)
        {
            endpoint.Dispose();
        }
    }
}
