using System.Net;
using System.Security.Cryptography;
using Janus.Core;
using Janus.Core.Logging;
using Janus.Media.Ice.Candidates;
using Janus.Media.Net;

namespace Janus.Media.Ice;

/// <summary>
/// The ICE agent of one PeerConnection (RFC 8445 full agent, or ICE-lite with <c>-I</c>), with consent freshness
/// (RFC 7675) and ICE restart. Create it with <see cref="IceNetwork.CreateAgent"/>.
/// <para>
/// Threading: every method is thread-safe. State lives under one lock, taken by the public methods, the STUN path
/// of the receive loops and one <see cref="Timer"/> per agent (no thread per agent). Events are raised outside
/// that lock, on the thread that caused them (a socket loop, the timer or the caller); handlers must not block.
/// Media datagrams (DTLS, RTP/RTCP) on the selected pair and <see cref="Send"/> take no lock and allocate nothing.
/// </para>
/// </summary>
public sealed partial class IceAgent : IUdpReceiver, IDisposable
{
    // A pair limit keeps a hostile candidate list from making us send unbounded checks (RFC 8445 §6.1.2.5 suggests 100).
    private const int MaxPairs = 100;
    private const int MaxRemoteCandidates = 100;

    private readonly object _lock = new();
    private readonly IceNetwork _network;
    private readonly IIceDatagramSink _sink;
    private readonly IceTimings _timings;
    private readonly bool _lite;
    private readonly SinglePortMux? _mux;
    private readonly bool _ownsEndpoints;
    private readonly List<LocalBase> _bases = new();
    private readonly List<IceCandidate> _localCandidates = new();
    private readonly List<IceCandidate> _remoteCandidates = new();
    private readonly List<IceCandidatePair> _pairs = new();
    private readonly Queue<IceCandidatePair> _triggered = new();
    private readonly Dictionary<TransactionKey, IceTransaction> _transactions = new();
    private readonly List<IceTransaction> _scratch = new();
    private readonly List<Action> _notifications = new();
    private readonly StunServerClient _stunClient;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly ulong _tieBreaker;

    private IceRole _role;
    private CredentialKeys _keys;
    private CredentialKeys? _previousKeys;
    private int _generation;
    private bool _remoteComplete;
    private bool _started;
    private bool _nominating;
    private long _checksStartedAt;
    private long _firstValidAt;
    private IceConnectionState _state = IceConnectionState.New;
    private volatile IceCandidatePair? _selected;
    private volatile bool _sendingStopped;
    private bool _disposed;
    private long _dropped;
    private int _prflxCounter;

    internal IceAgent(IceNetwork network, IceRole role, IIceDatagramSink sink)
    {
        _network = network;
        _sink = sink;
        _timings = network.Timings;
        _time = network.Time;
        _stunClient = new StunServerClient(_time);
        _lite = network.Options.IceLite;
        _role = _lite ? IceRole.Controlled : role;
        _tieBreaker = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        _keys = new CredentialKeys(IceCredentials.Generate(), null);
        _mux = network.Mux;
        IReadOnlyList<UdpEndpoint> endpoints;
        if (_mux is not null)
        {
            endpoints = _mux.Endpoints;
        }
        else
        {
            endpoints = BindEndpoints(network); // throws SocketException when the port range is exhausted
            _ownsEndpoints = true;
        }
        _timer = _time.CreateTimer(static state => ((IceAgent)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        for (int i = 0; i < endpoints.Count; i++)
        {
            AddBase(endpoints[i], 65535 - i);
        }
        // Only now, fully built, may the sockets hand this agent datagrams.
        if (_ownsEndpoints)
        {
            foreach (LocalBase b in _bases)
            {
                b.Endpoint.Start();
            }
        }
        _mux?.RegisterUfrag(_keys.Local.Ufrag, this);
    }

    /// <summary>Raised on every state change.</summary>
    public event Action<IceAgent, IceConnectionState>? StateChanged;

    /// <summary>Raised when a (new) pair is selected for media: first connection, a better nomination, after a restart.</summary>
    public event Action<IceAgent, IceCandidatePair>? SelectedPairChanged;

    /// <summary>A candidate found after creation (server-reflexive, from the STUN server); for full trickle.</summary>
    public event Action<IceAgent, IceCandidate>? LocalCandidateGathered;

    public IceCredentials LocalCredentials { get { lock (_lock) { return _keys.Local; } } }
    public IceCredentials? RemoteCredentials { get { lock (_lock) { return _keys.Remote; } } }
    public IceRole Role { get { lock (_lock) { return _role; } } }
    public bool IsLite => _lite;
    public IceConnectionState State { get { lock (_lock) { return _state; } } }
    public IceCandidatePair? SelectedPair => _selected;

    /// <summary>Datagrams dropped: not STUN/DTLS/RTP, malformed or unauthenticated STUN, media from an unchecked address.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _dropped);

    /// <summary>The sockets this agent sends from (tests feed datagrams to them directly).</summary>
    internal IReadOnlyList<UdpEndpoint> Endpoints
    {
        get
        {
            lock (_lock)
            {
                return _bases.ConvertAll(b => b.Endpoint);
            }
        }
    }

    public IReadOnlyList<IceCandidate> GetLocalCandidates()
    {
        lock (_lock)
        {
            return _localCandidates.ToArray();
        }
    }

    /// <summary>The peer's candidates of the current generation, signalled and peer-reflexive (for handle_info).</summary>
    public IReadOnlyList<IceCandidate> GetRemoteCandidates()
    {
        lock (_lock)
        {
            return _remoteCandidates.ToArray();
        }
    }

    public IReadOnlyList<IceCandidatePair> GetPairs()
    {
        lock (_lock)
        {
            return _pairs.ToArray();
        }
    }

    /// <summary>
    /// The peer's ice-ufrag and ice-pwd. New values while others are set mean the peer restarted ICE: the remote
    /// candidates and pairs start over, media stays on the selected pair until a new one is selected.
    /// </summary>
    public void SetRemoteCredentials(string ufrag, string password)
    {
        if (!IceCredentials.AreValid(ufrag, password))
        {
            throw new ArgumentException("ice-ufrag must have 4 to 256 characters and ice-pwd 22 to 256 (RFC 8839 §5.4).");
        }
        var remote = new IceCredentials(ufrag, password);
        lock (_lock)
        {
            if (_keys.Remote is { } current && current != remote)
            {
                BeginGeneration(_keys.WithRemote(remote));
            }
            else
            {
                _keys = _keys.WithRemote(remote);
            }
            ScheduleSoon();
        }
        Flush();
    }

    /// <summary>
    /// Adds a remote candidate from an SDP or trickle line (<c>candidate:...</c>, with or without <c>a=</c>).
    /// Returns false when the line is malformed; true otherwise, including for candidates we cannot use and ignore
    /// (mDNS <c>.local</c> names, TCP, component 2 with rtcp-mux, another ICE generation).
    /// </summary>
    public bool AddRemoteCandidate(string sdpCandidateLine)
    {
        if (!IceCandidate.TryParse(sdpCandidateLine, out IceCandidate? candidate))
        {
            if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
            {
                JanusLog.Verbose($"[ice] malformed remote candidate ignored: {sdpCandidateLine}");
            }
            return false;
        }
        lock (_lock)
        {
            AddRemoteCandidateLocked(candidate!);
        }
        Flush();
        return true;
    }

    /// <summary>Whether the peer has signalled end-of-candidates since the last restart.</summary>
    public bool RemoteCandidatesCompleted { get { lock (_lock) { return _remoteComplete; } } }

    /// <summary>The peer signalled end-of-candidates: with every pair failed, ICE fails.</summary>
    public void RemoteCandidatesComplete()
    {
        lock (_lock)
        {
            _remoteComplete = true;
            ScheduleSoon();
        }
    }

    /// <summary>Starts connectivity checks (the first time) and the timers. Call once remote credentials are known or soon will be.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_disposed || _started)
            {
                return;
            }
            _started = true;
            _checksStartedAt = _time.Milliseconds();
            SetState(IceConnectionState.Checking);
            ScheduleSoon();
        }
        Flush();
    }

    /// <summary>
    /// Queries the STUN server (<c>-S</c>) from every local socket for server-reflexive candidates; each new one is
    /// added to <see cref="GetLocalCandidates"/> and raised through <see cref="LocalCandidateGathered"/>.
    /// Completes at once without a STUN server.
    /// </summary>
    public async Task GatherCandidatesAsync(CancellationToken cancellationToken = default)
    {
        IPEndPoint? server = await _network.GetStunServerAsync().ConfigureAwait(false);
        if (server is null)
        {
            return;
        }
        LocalBase[] bases;
        lock (_lock)
        {
            bases = _bases.ToArray();
        }
        var mapped = new IPEndPoint?[bases.Length];
        if (_mux is not null)
        {
            IReadOnlyList<IPEndPoint?> shared = await _network.GetSinglePortReflexiveAsync().ConfigureAwait(false);
            for (int i = 0; i < bases.Length && i < shared.Count; i++)
            {
                mapped[i] = shared[i];
            }
        }
        else
        {
            var queries = new Task<IPEndPoint?>[bases.Length];
            for (int i = 0; i < bases.Length; i++)
            {
                queries[i] = bases[i].Endpoint.LocalEndPoint.AddressFamily == server.AddressFamily
                    ? _stunClient.QueryAsync(bases[i].Endpoint, server, _timings.StunServerAttempts, _timings.StunServerRto, cancellationToken)
                    : Task.FromResult<IPEndPoint?>(null);
            }
            IPEndPoint?[] results = await Task.WhenAll(queries).ConfigureAwait(false);
            results.CopyTo(mapped, 0);
        }
        lock (_lock)
        {
            for (int i = 0; i < bases.Length; i++)
            {
                if (mapped[i] is { } publicEndPoint)
                {
                    AddReflexiveCandidate(bases[i], publicEndPoint, server.ToString());
                }
            }
        }
        Flush();
    }

    /// <summary>
    /// Sends one datagram on the selected pair. Lock-free and allocation-free; false when no pair is selected,
    /// consent expired (RFC 7675 §5.1) or the socket refused it.
    /// </summary>
    public bool Send(ReadOnlySpan<byte> datagram)
    {
        IceCandidatePair? pair = _selected;
        if (pair is null || _sendingStopped)
        {
            return false;
        }
        return pair.Base.Endpoint.SendTo(datagram, pair.RemoteAddress);
    }

    /// <summary>
    /// ICE restart (RFC 8445 §9): new local credentials, remote candidates and pairs start over once the peer's new
    /// credentials arrive (<see cref="SetRemoteCredentials"/>); media keeps flowing on the old selected pair, and
    /// the old credentials keep answering, until a new pair is selected.
    /// </summary>
    public IceCredentials Restart()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                BeginGeneration(new CredentialKeys(IceCredentials.Generate(), null));
                _mux?.RegisterUfrag(_keys.Local.Ufrag, this);
                ScheduleSoon();
            }
            return _keys.Local;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _sendingStopped = true;
            _timer.Dispose();
            _network.SlowTicker.Remove(this);
            _transactions.Clear();
            SetState(IceConnectionState.Closed);
        }
        _mux?.ReleaseAll(this);
        if (_ownsEndpoints)
        {
            foreach (LocalBase b in _bases)
            {
                b.Endpoint.Dispose();
            }
        }
        Flush();
    }

    private List<UdpEndpoint> BindEndpoints(IceNetwork network)
    {
        var endpoints = new List<UdpEndpoint>();
        try
        {
            foreach (IPAddress address in network.HostAddresses)
            {
                endpoints.Add(UdpEndpoint.Bind(address, network.Options.RtpPortMin, network.Options.RtpPortMax, this));
            }
        }
        catch
        {
            foreach (UdpEndpoint endpoint in endpoints)
            {
                endpoint.Dispose();
            }
            throw;
        }
        return endpoints;
    }

    private void AddBase(UdpEndpoint endpoint, int localPreference)
    {
        IPAddress address = endpoint.LocalEndPoint.Address;
        int port = endpoint.LocalEndPoint.Port;
        IPAddress? publicAddress = _network.Nat.PublicFor(address);
        bool replace = publicAddress is not null && !_network.Options.KeepPrivateHost;
        IPAddress advertised = replace ? publicAddress! : address;
        var host = new IceCandidate(
            CandidateFoundation.Compute(IceCandidateType.Host, address, null, IceTransportProtocol.Udp), 1, IceTransportProtocol.Udp,
            CandidatePriority.Compute(IceCandidateType.Host, localPreference, 1), advertised.ToString(), port, IceCandidateType.Host);
        var b = new LocalBase(endpoint, host, localPreference);
        _bases.Add(b);
        _localCandidates.Add(host);
        if (publicAddress is not null && !replace)
        {
            AddReflexiveCandidate(b, new IPEndPoint(publicAddress, port), "nat-1-1");
        }
    }

    private void AddReflexiveCandidate(LocalBase b, IPEndPoint publicEndPoint, string server)
    {
        IPEndPoint local = b.Endpoint.LocalEndPoint;
        foreach (IceCandidate existing in _localCandidates)
        {
            if (existing.Port == publicEndPoint.Port && publicEndPoint.Address.Equals(existing.IPAddress))
            {
                return; // RFC 8445 §5.1.3: a reflexive candidate equal to one we have is redundant
            }
        }
        var candidate = new IceCandidate(
            CandidateFoundation.Compute(IceCandidateType.ServerReflexive, local.Address, server, IceTransportProtocol.Udp), 1,
            IceTransportProtocol.Udp, CandidatePriority.Compute(IceCandidateType.ServerReflexive, b.LocalPreference, 1),
            publicEndPoint.Address.ToString(), publicEndPoint.Port, IceCandidateType.ServerReflexive)
        {
            RelatedAddress = local.Address.ToString(),
            RelatedPort = local.Port,
        };
        _localCandidates.Add(candidate);
        Notify(() => LocalCandidateGathered?.Invoke(this, candidate));
    }

    /// <summary>Starts a new ICE generation: remote candidates and pairs start over, the selected pair stays.</summary>
    private void BeginGeneration(CredentialKeys keys)
    {
        _previousKeys = _keys;
        _keys = keys;
        _generation++;
        _remoteCandidates.Clear();
        _pairs.Clear();
        _triggered.Clear();
        _remoteComplete = false;
        _nominating = false;
        _firstValidAt = 0;
        _checksStartedAt = _time.Milliseconds();
        _scratch.Clear();
        foreach (IceTransaction tx in _transactions.Values)
        {
            if (!tx.Consent)
            {
                _scratch.Add(tx);
            }
        }
        foreach (IceTransaction tx in _scratch)
        {
            _transactions.Remove(tx.Key);
        }
        _scratch.Clear();
        if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
        {
            JanusLog.Verbose($"[ice] {_keys.Local.Ufrag}: ICE restart, generation {_generation}");
        }
    }

    private void SetState(IceConnectionState state)
    {
        if (_state == state || _state == IceConnectionState.Closed)
        {
            return;
        }
        _state = state;
        if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
        {
            JanusLog.Verbose($"[ice] {_keys.Local.Ufrag}: state {state}");
        }
        Notify(() => StateChanged?.Invoke(this, state));
    }

    private void Notify(Action notification) => _notifications.Add(notification);

    /// <summary>Raises the events queued under the lock, outside it, so handlers may call back into the agent.</summary>
    private void Flush()
    {
        Action[] pending;
        lock (_lock)
        {
            if (_notifications.Count == 0)
            {
                return;
            }
            pending = _notifications.ToArray();
            _notifications.Clear();
        }
        foreach (Action notification in pending)
        {
            try
            {
                notification();
            }
            catch (Exception e)
            {
                JanusLog.Error($"[ice] event handler failed: {e.GetType().Name}: {e.Message}");
            }
        }
    }
}
