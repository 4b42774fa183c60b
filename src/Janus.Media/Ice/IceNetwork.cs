using System.Net;
using System.Net.Sockets;
using Janus.Core.Configuration;
using Janus.Core.Logging;
using Janus.Media.Ice.Candidates;
using Janus.Media.Ice.Stun;
using Janus.Media.Net;

namespace Janus.Media.Ice;

/// <summary>
/// The server-wide half of ICE: which local addresses to use (interfaces, enforce/ignore lists, IPv6, loopback),
/// NAT 1:1 mapping, the STUN server, and in single-port mode the shared sockets. Create one at start-up and ask it
/// for an <see cref="IceAgent"/> per PeerConnection. Thread-safe.
/// <code>
/// var network = new IceNetwork(serverOptions.Media);            // once
/// var ice = network.CreateAgent(IceRole.Controlled, peerConnection); // per PeerConnection (sink = the PC)
/// ice.SetRemoteCredentials(remoteUfrag, remotePwd);             // from the remote SDP
/// foreach (var line in remoteCandidateLines) ice.AddRemoteCandidate(line);
/// await ice.GatherCandidatesAsync();                            // srflx with -S; host candidates exist already
/// local SDP: ice.LocalCredentials, ice.GetLocalCandidates()[i].ToSdpAttribute()
/// ice.Start();  ice.SelectedPairChanged += ...;  ice.Send(datagram);
/// </code>
/// </summary>
public sealed class IceNetwork : IDisposable
{
    private readonly MediaOptions _options;
    private readonly SinglePortMux? _mux;
    private readonly StunServerClient _muxStunClient;
    private readonly Lazy<Task<IPEndPoint?>> _stunServer;
    private readonly Lazy<Task<IReadOnlyList<IPEndPoint?>>> _muxReflexive;

    /// <param name="time">The clock of every agent's timers and timeouts; <see cref="TimeProvider.System"/> when null.</param>
    public IceNetwork(MediaOptions options, IceTimings? timings = null, IHostInterfaceSource? interfaces = null, TimeProvider? time = null)
    {
        _options = options;
        Timings = timings ?? new IceTimings();
        Time = time ?? TimeProvider.System;
        _muxStunClient = new StunServerClient(Time);
        SlowTicker = new IceSlowTicker(Time);
        HostAddresses = HostAddressFilter.Select(options, interfaces ?? SystemHostInterfaceSource.Instance);
        Nat = new Nat11Mapping(options.Nat11);
        if (HostAddresses.Count == 0)
        {
            JanusLog.Warn("[ice] no usable local address: check the interface, enforce and ignore lists");
        }
        if (options.IceTcp)
        {
            JanusLog.Warn("[ice] ICE-TCP (-T) is not supported: gathering UDP candidates only");
        }
        if (options.SinglePort > 0)
        {
            _mux = new SinglePortMux(HostAddresses, options.SinglePort, ReadLocalUfrag);
            _mux.StunResponseInterceptor = _muxStunClient.TryHandleResponse;
        }
        _stunServer = new Lazy<Task<IPEndPoint?>>(ResolveStunServerAsync);
        _muxReflexive = new Lazy<Task<IReadOnlyList<IPEndPoint?>>>(QueryMuxReflexiveAsync);
    }

    public IceTimings Timings { get; }

    public TimeProvider Time { get; }

    /// <summary>The local addresses host candidates are gathered on, in local-preference order.</summary>
    public IReadOnlyList<IPAddress> HostAddresses { get; }

    public bool IsSinglePort => _mux is not null;

    /// <summary>Datagrams the shared single-port sockets could not route to any agent.</summary>
    public long SinglePortDroppedDatagrams => _mux?.DroppedDatagrams ?? 0;

    internal Nat11Mapping Nat { get; }
    internal MediaOptions Options => _options;
    internal SinglePortMux? Mux => _mux;

    /// <summary>
    /// A new agent for one PeerConnection: <see cref="IceRole.Controlled"/> when the peer sent the offer,
    /// <see cref="IceRole.Controlling"/> when we did (RFC 8445 §6.1.1; an ICE-lite server is always controlled).
    /// Binds its sockets now (unless single-port) so host candidates are known at once.
    /// </summary>
    public IceAgent CreateAgent(IceRole role, IIceDatagramSink sink) => new(this, role, sink);

    internal Task<IPEndPoint?> GetStunServerAsync() => _stunServer.Value;

    /// <summary>
    /// The single-port mux's key: the local ufrag a Binding request is addressed to, the part of USERNAME before
    /// the colon (RFC 8445 §7.2.2). Responses and indications carry no USERNAME and route by address.
    /// </summary>
    internal static bool ReadLocalUfrag(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> localUfrag)
    {
        if (!StunMessage.TryParse(datagram, out StunMessage message) || !message.IsRequest || !message.HasUsername)
        {
            localUfrag = default;
            return false;
        }
        ReadOnlySpan<byte> username = message.Username;
        int colon = username.IndexOf((byte)':');
        localUfrag = colon >= 0 ? username.Slice(0, colon) : username;
        return true;
    }

    internal Task<IReadOnlyList<IPEndPoint?>> GetSinglePortReflexiveAsync() => _muxReflexive.Value;

    private async Task<IPEndPoint?> ResolveStunServerAsync()
    {
        string? server = _options.StunServer;
        if (string.IsNullOrWhiteSpace(server))
        {
            return null;
        }
        try
        {
            if (!IPAddress.TryParse(server, out IPAddress? address))
            {
                IPAddress[] addresses = await Dns.GetHostAddressesAsync(server).ConfigureAwait(false);
                address = Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetwork) ?? (addresses.Length > 0 ? addresses[0] : null);
            }
            return address is null ? null : new IPEndPoint(address, _options.StunPort);
        }
        catch (SocketException e)
        {
            JanusLog.Warn($"[ice] cannot resolve STUN server {server}: {e.Message}");
            return null;
        }
    }

    private async Task<IReadOnlyList<IPEndPoint?>> QueryMuxReflexiveAsync()
    {
        IPEndPoint? server = await GetStunServerAsync().ConfigureAwait(false);
        var results = new IPEndPoint?[_mux!.Endpoints.Count];
        if (server is null)
        {
            return results;
        }
        for (int i = 0; i < results.Length; i++)
        {
            UdpEndpoint endpoint = _mux.Endpoints[i];
            if (endpoint.LocalEndPoint.AddressFamily == server.AddressFamily)
            {
                results[i] = await _muxStunClient.QueryAsync(endpoint, server, Timings.StunServerAttempts, Timings.StunServerRto, CancellationToken.None)
                    .ConfigureAwait(false);
            }
        }
        return results;
    }

    /// <summary>The one timer connected agents share (<see cref="IceSlowTicker"/>).</summary>
    internal IceSlowTicker SlowTicker { get; }

    public void Dispose()
    {
        SlowTicker.Dispose();
        _mux?.Dispose();
    }
}
