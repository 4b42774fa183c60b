using System.Net;
using Janus.Core.Logging;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Connections.Features;

namespace Janus.Host.Transports.WebSockets;

/// <summary>
/// What one client may hold at the TCP level: at most <see cref="Janus.Core.Configuration.WebSocketTransportOptions.MaxConnectionsPerAddress"/>
/// connections per remote address, each of which must complete its upgrade within
/// <see cref="Janus.Core.Configuration.WebSocketTransportOptions.HandshakeTimeout"/>. Without them 3000 half-open
/// connections from one client stayed up for good (issue 12).
/// </summary>
internal sealed partial class WebSocketTransport
{
    private const string HandshakeKey = "janus.ws.handshake";

    private readonly Dictionary<IPAddress, AddressEntry> _byAddress = new();
    private int _refusedOverAddressCap;
    private int _closedInHandshake;
    private int _closedIdle;

    /// <summary>Connections closed on accept because their address already held the most allowed.</summary>
    public int RefusedOverAddressCap => Volatile.Read(ref _refusedOverAddressCap);

    /// <summary>Connections dropped because they had not completed the WebSocket upgrade in time.</summary>
    public int ClosedInHandshake => Volatile.Read(ref _closedInHandshake);

    /// <summary>Connections closed because no complete message came within the idle timeout.</summary>
    public int ClosedIdle => Volatile.Read(ref _closedIdle);

    internal void CountClosedIdle() => Interlocked.Increment(ref _closedIdle);

    /// <summary>TCP connections currently open from <paramref name="address"/> on the WebSocket ports.</summary>
    internal int ConnectionsFrom(IPAddress address)
    {
        lock (_byAddress)
        {
            return _byAddress.TryGetValue(Normalize(address), out AddressEntry? entry) ? entry.Open : 0;
        }
    }

    /// <summary>Kestrel connection middleware for the WebSocket ports: the per-address cap, then the handshake deadline.</summary>
    public async Task ServeConnectionAsync(ConnectionContext connection, Func<Task> next)
    {
        IPAddress? address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        if (address is not null)
        {
            address = Normalize(address);
            if (!TryAdmit(address))
            {
                connection.Abort(new ConnectionAbortedException("Too many WebSocket connections from one address"));
                return;
            }
        }
        var handshake = new HandshakeDeadline(this, connection);
        using ITimer timer = _time.CreateTimer(static s => ((HandshakeDeadline)s!).Expire(), handshake,
            _options.HandshakeTimeout > TimeSpan.Zero ? _options.HandshakeTimeout : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        connection.Items[HandshakeKey] = handshake;
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            if (address is not null)
            {
                Release(address);
            }
        }
    }

    /// <summary>The upgrade is done: the handshake deadline no longer applies (the idle timeout takes over).</summary>
    private static void HandshakeCompleted(HttpContext context)
    {
        if (context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(HandshakeKey, out object? value) == true
            && value is HandshakeDeadline handshake)
        {
            handshake.Complete();
        }
    }

    private bool TryAdmit(IPAddress address)
    {
        int cap = _options.MaxConnectionsPerAddress;
        bool warn;
        lock (_byAddress)
        {
            if (!_byAddress.TryGetValue(address, out AddressEntry? entry))
            {
                entry = new AddressEntry();
                _byAddress[address] = entry;
            }
            if (cap <= 0 || entry.Open < cap)
            {
                entry.Open++;
                return true;
            }
            // One warning per episode: a client hammering the cap must not flood the log.
            warn = !entry.Warned;
            entry.Warned = true;
        }
        Interlocked.Increment(ref _refusedOverAddressCap);
        if (warn)
        {
            JanusLog.Warn($"WebSocket: {address} already holds {cap} connections; refusing more until some close");
        }
        else if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
        {
            JanusLog.Verbose($"WebSocket: refused a connection from {address} (at its cap of {cap})");
        }
        return false;
    }

    private void Release(IPAddress address)
    {
        lock (_byAddress)
        {
            if (_byAddress.TryGetValue(address, out AddressEntry? entry) && --entry.Open <= 0)
            {
                _byAddress.Remove(address);
            }
        }
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private sealed class AddressEntry
    {
        public int Open;
        public bool Warned;
    }

    private sealed class HandshakeDeadline(WebSocketTransport transport, ConnectionContext connection)
    {
        private int _state; // 0 pending, 1 upgraded, 2 expired

        public void Complete() => Interlocked.CompareExchange(ref _state, 1, 0);

        public void Expire()
        {
            if (Interlocked.CompareExchange(ref _state, 2, 0) != 0)
            {
                return;
            }
            Interlocked.Increment(ref transport._closedInHandshake);
            if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
            {
                JanusLog.Verbose($"WebSocket: {connection.RemoteEndPoint} did not complete its handshake in " +
                    $"{transport._options.HandshakeTimeout.TotalSeconds:0.###} s; dropping it");
            }
            connection.Abort(new ConnectionAbortedException("WebSocket handshake timed out"));
        }
    }
}
