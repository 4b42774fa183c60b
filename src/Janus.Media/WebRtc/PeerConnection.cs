using System.Security.Cryptography;
using Janus.Core.Logging;
using Janus.Core.Plugins;
using Janus.Media.Dtls;
using Janus.Media.Ice;
using Janus.Media.Ice.Candidates;
using Janus.Media.Relay;
using Janus.Media.Sctp;
using Janus.Media.Sdp;
using Janus.Media.Srtp;

namespace Janus.Media.WebRtc;

/// <summary>
/// The PeerConnection of one handle: ICE, then DTLS, then SRTP for RTP/RTCP and SCTP for data channels.
/// Negotiation state lives under <see cref="_lock"/>; the packet paths read fields that are set once
/// (volatile references) and take only the send lock around the outbound SRTP context.
/// Split by concern: negotiation here, <c>.Receive</c> for the inbound packet path, <c>.Send</c> for the outbound one.
/// </summary>
internal sealed partial class PeerConnection : IIceDatagramSink, IRelayPeer, IDisposable
{
    private readonly object _lock = new();
    private readonly WebRtcEngine _engine;
    private readonly PluginHandle _handle;
    private readonly RelayNode _node;
    private readonly List<string> _pendingTrickles = new();

    private IceAgent? _ice;
    private volatile DtlsTransport? _dtls;
    private volatile SrtpSession? _srtpIn;
    private volatile SrtpSession? _srtpOut;
    private volatile SctpAssociation? _sctp;
    private volatile MediaLine[] _lines = [];
    private SdpRemoteTransport? _remote;
    private bool _hasLocal;
    private bool _localOfferPending;
    private bool _remoteOfferPending;
    private bool _started;
    private volatile bool _closed;
    private bool _webrtcUp;
    private ulong _sdpSessionId;
    private ulong _sdpVersion;
    private int _sctpRemotePort = 5000;
    private long _remoteMaxMessageSize = 262144;

    private static readonly TimeSpan StunGatheringTimeout = TimeSpan.FromSeconds(3);

    private readonly TimeProvider _time;

    public PeerConnection(WebRtcEngine engine, PluginHandle handle, RelayNode node)
    {
        _engine = engine;
        // The media core's one clock: the engine's ICE network carries it (TimeProvider.System in the server).
        _time = engine.Network.Time;
        _clockBase = _time.GetTimestamp();
        _handle = handle;
        _node = node;
        _sdpSessionId = (ulong)RandomNumberGenerator.GetInt32(1, int.MaxValue) << 20;
        _sdpVersion = 1;
    }

    public PluginHandle Handle => _handle;
    internal RelayNode Node => _node;
    public bool IsClosed => _closed;
    public bool HasRemoteDescription => _remote is not null;
    public bool IsNegotiated { get { lock (_lock) { return _remote is not null && _hasLocal; } } }
    public bool LocalOfferPending { get { lock (_lock) { return _localOfferPending; } } }
    public bool RemoteOfferPending { get { lock (_lock) { return _remoteOfferPending; } } }
    internal MediaLine[] Lines => _lines;
    internal IceAgent? Ice => _ice;
    internal DtlsTransport? Dtls => _dtls;

    /// <summary>Applies the peer's offer or answer. Returns null or the reason it is not acceptable (Janus 465).</summary>
    public string? ApplyRemote(SessionDescription sdp, bool isOffer)
    {
        if (!SdpTransport.TryExtractRemote(sdp, out SdpRemoteTransport? remote, out string? error) || remote is null)
        {
            return error ?? "invalid SDP";
        }
        string[] trickles;
        lock (_lock)
        {
            if (_closed)
            {
                return "PeerConnection closed";
            }
            bool restart = _remote is not null && _remote.IceUfrag != remote.IceUfrag;
            _remote = remote;
            _remoteSdpText = sdp.ToString();
            if (isOffer)
            {
                _remoteOfferPending = true;
                _gotOffer = true;
            }
            else
            {
                _localOfferPending = false;
                _gotAnswer = true;
            }
            EnsureIce(isOffer ? IceRole.Controlled : IceRole.Controlling);
            if (restart && _started)
            {
                _ice!.Restart();
                _iceRestartPending = true;
            }
            _ice!.SetRemoteCredentials(remote.IceUfrag, remote.IcePwd);
            foreach (SdpRemoteCandidate c in remote.Candidates)
            {
                _ice.AddRemoteCandidate(c.Candidate.ToString());
            }
            if (remote.EndOfCandidates)
            {
                _ice.RemoteCandidatesComplete();
            }
            UpdateLinesFromRemote(remote);
            trickles = _pendingTrickles.ToArray();
            _pendingTrickles.Clear();
        }
        foreach (string candidate in trickles)
        {
            AddRemoteCandidate(candidate);
        }
        StartIfReady();
        return null;
    }

    /// <summary>Completes a plugin's offer or answer with our ICE, DTLS and SSRC details. Returns the SDP to send.</summary>
    public string ApplyLocal(SessionDescription pluginSdp, bool isOffer)
    {
        Task? gathering;
        lock (_lock)
        {
            EnsureIce(isOffer ? IceRole.Controlling : IceRole.Controlled);
            gathering = _gathering;
        }
        if (gathering is not null && !_engine.Options.FullTrickle)
        {
            // Half trickle: the SDP must carry the server-reflexive candidates. Wait here, not under the lock, so
            // trickles and the packet path of this PC go on meanwhile.
            try
            {
                gathering.Wait(StunGatheringTimeout);
            }
            catch (AggregateException e)
            {
                JanusLog.Warn($"{_handle} STUN gathering failed: {e.InnerException?.Message}");
            }
        }
        SdpLocalTransport local;
        lock (_lock)
        {
            PrepareTrickleForLocalDescription(restart: _iceRestartPending);
            if (isOffer)
            {
                _localOfferPending = true;
            }
            else
            {
                _remoteOfferPending = false;
            }
            UpdateLinesFromLocal(pluginSdp);
            var streams = new Dictionary<string, SdpOutgoingStream>();
            foreach (MediaLine line in _lines)
            {
                if (line.IsRtp && line.WeSend && !line.Rejected)
                {
                    streams[line.Mid] = new SdpOutgoingStream(line.LocalSsrc, line.IsVideo && line.RtxPayloadTypes.Count > 0 ? line.LocalRtxSsrc : null);
                }
            }
            var candidates = new List<string>();
            if (!_engine.Options.FullTrickle)
            {
                foreach (IceCandidate c in _ice!.GetLocalCandidates())
                {
                    candidates.Add(c.ToSdpAttribute().Substring("candidate:".Length));
                }
            }
            local = new SdpLocalTransport
            {
                IceUfrag = _ice!.LocalCredentials.Ufrag,
                IcePwd = _ice.LocalCredentials.Password,
                Fingerprint = _engine.Certificate.Fingerprint.Value,
                Setup = isOffer ? SdpSetup.ActPass : LocalSetupForAnswer(),
                Address = _engine.AdvertisedAddress,
                SessionId = _sdpSessionId,
                SessionVersion = _sdpVersion++,
                IceLite = _engine.Options.IceLite,
                Candidates = candidates,
                EndOfCandidates = !_engine.Options.FullTrickle,
                Streams = streams,
            };
            _hasLocal = true;
        }
        string result = SdpTransport.MergeLocal(pluginSdp, local).ToString();
        lock (_lock)
        {
            _localSdpText = result;
        }
        StartIfReady();
        return result;
    }

    /// <summary>A trickled candidate; kept until the peer's SDP arrives, as Janus keeps early trickles.</summary>
    public void AddRemoteCandidate(string candidate)
    {
        IceAgent? ice;
        lock (_lock)
        {
            if (_remote is null || _ice is null)
            {
                _pendingTrickles.Add(candidate);
                return;
            }
            ice = _ice;
        }
        ice.AddRemoteCandidate(candidate);
    }

    public void RemoteCandidatesComplete()
    {
        lock (_lock)
        {
            _ice?.RemoteCandidatesComplete();
        }
    }

    // Janus answers as the DTLS client (setup:active) unless the peer is active: it says so, or it wrote no a=setup,
    // which RFC 4145 §4 reads as active (DtlsRoleNow makes us the server then, as this answer says).
    private SdpSetup LocalSetupForAnswer() => _remote?.Setup is SdpSetup.Active or SdpSetup.None ? SdpSetup.Passive : SdpSetup.Active;

    private DtlsRole DtlsRoleNow()
    {
        // Whoever writes setup:active is the DTLS client (RFC 8842 §5.3). No a=setup means active (RFC 4145 §4).
        SdpSetup remote = _remote!.Setup;
        return remote switch
        {
            SdpSetup.Active or SdpSetup.None => DtlsRole.Server,
            SdpSetup.Passive => DtlsRole.Client,
            _ => DtlsRole.Client, // the peer offered actpass and we answered active
        };
    }

    private void EnsureIce(IceRole role)
    {
        if (_ice is not null)
        {
            return;
        }
        _ice = _engine.Network.CreateAgent(role, this);
        _agentCreatedMicros = Now();
        _ice.StateChanged += OnIceStateChanged;
        _ice.SelectedPairChanged += OnSelectedPair;
        if (_engine.Options.FullTrickle)
        {
            _ice.LocalCandidateGathered += (_, _) => TrickleLocalCandidates();
        }
        if (!string.IsNullOrEmpty(_engine.Options.StunServer))
        {
            // Server-reflexive candidates: in half trickle ApplyLocal waits (bounded) for them to put them in the
            // SDP; in full trickle they are trickled as they come, and "completed" follows the query.
            _gathering = _ice.GatherCandidatesAsync();
            if (_engine.Options.FullTrickle)
            {
                _gathering.ContinueWith(_ => TrickleLocalCandidates(), TaskScheduler.Default);
            }
        }
    }

    private void StartIfReady()
    {
        DtlsTransport? dtls = null;
        lock (_lock)
        {
            if (_started || _closed || _remote is null || !_hasLocal || _ice is null)
            {
                return;
            }
            _started = true;
            var options = new DtlsTransportOptions
            {
                Role = DtlsRoleNow(),
                Certificate = _engine.Certificate,
                RemoteFingerprint = new DtlsFingerprint(_remote.Fingerprint.Algorithm, _remote.Fingerprint.Value),
                Mtu = _engine.Options.DtlsMtu,
            };
            dtls = new DtlsTransport(options, SendDatagram);
            dtls.Connected += OnDtlsConnected;
            dtls.ApplicationData += OnDtlsApplicationData;
            dtls.Closed += reason => Close(reason);
            dtls.Failed += reason => Close(reason);
            _dtls = dtls;
        }
        _ice!.Start();
    }

    private void OnSelectedPair(IceAgent agent, IceCandidatePair pair)
    {
        if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
        {
            JanusLog.Verbose($"{_handle} ICE selected {pair.LocalEndPoint} <-> {pair.RemoteEndPoint}");
        }
        lock (_lock)
        {
            _iceRestartPending = false;
            if (_iceConnectedMicros == 0)
            {
                _iceConnectedMicros = Now();
            }
        }
        DtlsTransport? dtls = _dtls;
        if (dtls is not null && dtls.State == DtlsTransportState.New)
        {
            Interlocked.CompareExchange(ref _dtlsStartedMicros, Now(), 0);
            dtls.Start();
        }
    }

    private void OnIceStateChanged(IceAgent agent, IceConnectionState state)
    {
        if (state == IceConnectionState.Failed && !_closed)
        {
            _engine.Events.IceFailed(_handle);
            Close("ICE failed");
        }
    }

    private void OnDtlsConnected(DtlsSrtpKeys keys)
    {
        SrtpProfile? profile = SrtpProfile.FromDtlsProtectionProfile((int)keys.Profile);
        if (profile is null)
        {
            Close("DTLS: unsupported SRTP profile");
            return;
        }
        _srtpIn = new SrtpSession(profile, keys.RemoteMasterKey, keys.RemoteMasterSalt);
        _srtpOut = new SrtpSession(profile, keys.LocalMasterKey, keys.LocalMasterSalt);
        JanusLog.Verbose($"{_handle} The DTLS handshake has been completed ({profile.Name})");
        StartSctpIfNegotiated(keys.Role == DtlsRole.Client);
        lock (_lock)
        {
            _srtpProfileName = profile.Name;
            _dtlsConnectedMicros = Now();
            if (_webrtcUp || _closed)
            {
                return;
            }
            _webrtcUp = true;
        }
        _engine.Events.WebRtcUp(_handle);
        // A keyframe soon after setup, so recipients do not wait for the next periodic one.
        SendPli(-1);
    }

    /// <summary>Closes everything once and tells the gateway (the <c>hangup</c> event and the plugin's hangupMedia).</summary>
    public void Close(string reason, bool notify = true)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
        }
        try
        {
            _sctp?.Abort(reason);
        }
        catch (Exception e)
        {
            JanusLog.Debug($"{_handle} SCTP abort: {e.Message}");
        }
        _dtls?.Close();
        _ice?.Dispose();
        _srtpIn?.Dispose();
        _srtpOut?.Dispose();
        DisposeRetransmissions();
        _node.PeerGone(this);
        _engine.Forget(this);
        if (notify && (_webrtcUp || _started))
        {
            _engine.Events.HangupMedia(_handle, reason);
        }
    }

    public void Dispose() => Close("Detach", notify: false);
}
