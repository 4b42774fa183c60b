using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Janus.Core.Logging;
using Janus.Media.Ice.Stun;

namespace Janus.Media.Net;

/// <summary>
/// Single-port mode (MediaOptions.SinglePort): one socket per local address, shared by every PeerConnection.
/// A STUN request is routed by the local ufrag, the part of USERNAME before the colon (RFC 8445 §7.2.2);
/// everything else by the remote address an agent claimed once it authenticated the peer there or sent it a check.
/// Lookups are lock-free and allocation-free (the address map keys on <see cref="SocketAddress"/> value equality;
/// the ufrag map is probed with a span through an alternate lookup).
/// </summary>
internal sealed class SinglePortMux : IUdpReceiver, IDisposable
{
    private readonly ConcurrentDictionary<string, IUdpReceiver> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SocketAddress, IUdpReceiver> _byAddress = new();
    private readonly List<UdpEndpoint> _endpoints = new();
    private long _dropped;

    public SinglePortMux(IReadOnlyList<IPAddress> addresses, int port)
    {
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
            target = FindByUsername(datagram);
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

    private IUdpReceiver? FindByUsername(ReadOnlySpan<byte> datagram)
    {
        if (!StunMessage.TryParse(datagram, out StunMessage message) || !message.IsRequest || !message.HasUsername)
        {
            return null;
        }
        ReadOnlySpan<byte> username = message.Username;
        int colon = username.IndexOf((byte)':');
        ReadOnlySpan<byte> localUfrag = colon >= 0 ? username.Slice(0, colon) : username;
        if (localUfrag.IsEmpty || localUfrag.Length > 256)
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
