using System.Text.Json.Nodes;
using Janus.Media.Dtls;
using Janus.Media.Ice;
using Janus.Media.Ice.Candidates;
using Janus.Media.Net;
using Janus.Media.Rtp;
using Janus.Media.Sdp;
using Janus.Media.Srtp;
using KeyMaterial = Janus.Media.Dtls.DtlsSrtpKeys;

namespace Janus.Bench.Media;

/// <summary>
/// A minimal WebRTC peer for the media bench, built from the media core's own pieces: it offers one VP8 video
/// m-line to <c>janus.plugin.echotest</c>, runs ICE as the controlling agent, DTLS in the role the answer leaves
/// us (RFC 5763 §5: the server answers setup:active, so we are the DTLS server), then sends fixed-size RTP and
/// counts what comes back. The send path runs on the bench's one pacing thread and the receive path on the ICE
/// socket loop, so each SRTP session has a single user, as <see cref="SrtpSession"/> requires.
/// </summary>
internal sealed class EchoPeer : IIceDatagramSink, IPacedPeer, IDisposable
{
    public const string EchoPlugin = "janus.plugin.echotest";
    private const byte Vp8PayloadType = 96;
    private const int VideoClockRate = 90000;

    private readonly JanusSignalling _signalling;
    private readonly IceNetwork _network;
    private readonly DtlsCertificate _certificate;
    private readonly string _plugin;
    private readonly uint _ssrc = (uint)Random.Shared.Next(1, int.MaxValue);
    private readonly byte[] _sendBuffer = new byte[2048];
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IceAgent? _ice;
    private DtlsTransport? _dtls;
    private volatile SrtpSession? _srtpIn;
    private volatile SrtpSession? _srtpOut;
    private ushort _sequence = (ushort)Random.Shared.Next(0, 65536);
    private uint _timestamp = (uint)Random.Shared.Next();
    private long _sent;
    private long _echoed;
    private long _rtcpReceived;
    private long _unprotectFailures;

    public EchoPeer(JanusSignalling signalling, IceNetwork network, DtlsCertificate certificate, string plugin = EchoPlugin)
    {
        _plugin = plugin;
        _signalling = signalling;
        _network = network;
        _certificate = certificate;
    }

    public long Session { get; private set; }
    public long Sent => Interlocked.Read(ref _sent);
    public long Echoed => Interlocked.Read(ref _echoed);
    public long RtcpReceived => Interlocked.Read(ref _rtcpReceived);
    public long UnprotectFailures => Interlocked.Read(ref _unprotectFailures);
    public bool IsConnected => _srtpOut is not null;

    /// <summary>Signals, then waits until DTLS is done and SRTP is keyed (or throws after the timeout).</summary>
    public async Task ConnectAsync(TimeSpan timeout)
    {
        Session = await _signalling.CreateSessionAsync();
        long handle = await _signalling.AttachAsync(Session, _plugin);

        _ice = _network.CreateAgent(IceRole.Controlling, this);
        var local = new SdpLocalTransport
        {
            IceUfrag = _ice.LocalCredentials.Ufrag,
            IcePwd = _ice.LocalCredentials.Password,
            Fingerprint = _certificate.Fingerprint.Value,
            Setup = SdpSetup.ActPass,
            Trickle = false,
            Candidates = CandidateValues(_ice.GetLocalCandidates()),
            EndOfCandidates = true,
            Streams = new Dictionary<string, SdpOutgoingStream> { ["0"] = new SdpOutgoingStream(_ssrc) },
        };
        SessionDescription offer = SdpTransport.MergeLocal(
            SdpOffers.Create(new SdpOfferOptions { Media = [SdpOfferMedium.Video("vp8", rtx: false)], Extensions = [] }), local);

        JsonObject reply = await _signalling.MessageAsync(Session, handle,
            new JsonObject { ["audio"] = false, ["video"] = true },
            new JsonObject { ["type"] = "offer", ["sdp"] = offer.ToString() });
        string answerText = reply["jsep"]?["sdp"]?.GetValue<string>()
            ?? throw new InvalidOperationException("the EchoTest event carried no JSEP answer: " + reply.ToJsonString());
        if (!SdpTransport.TryExtractRemote(SessionDescription.Parse(answerText), out SdpRemoteTransport? remote, out string? error) || remote is null)
        {
            throw new InvalidOperationException("unusable answer: " + error);
        }

        // RFC 5763 §5: the answerer's setup decides; active there makes us the DTLS server, passive the client.
        DtlsRole role = remote.Setup == SdpSetup.Passive ? DtlsRole.Client : DtlsRole.Server;
        _dtls = new DtlsTransport(
            new DtlsTransportOptions
            {
                Role = role,
                Certificate = _certificate,
                RemoteFingerprint = new DtlsFingerprint(remote.Fingerprint.Algorithm, remote.Fingerprint.Value),
                HandshakeTimeout = timeout,
            },
            datagram => _ice.Send(datagram));
        _dtls.Connected += OnDtlsConnected;
        _dtls.Failed += reason => _connected.TrySetException(new InvalidOperationException("DTLS failed: " + reason));
        _ice.StateChanged += (_, state) =>
        {
            if (state == IceConnectionState.Failed)
            {
                _connected.TrySetException(new InvalidOperationException("ICE failed"));
            }
        };
        _ice.SelectedPairChanged += (_, _) => _dtls.Start();

        _ice.SetRemoteCredentials(remote.IceUfrag, remote.IcePwd);
        foreach (SdpRemoteCandidate candidate in remote.Candidates)
        {
            _ice.AddRemoteCandidate(candidate.Candidate.ToString());
        }
        _ice.RemoteCandidatesComplete();
        _ice.Start();
        await _connected.Task.WaitAsync(timeout);
    }

    /// <summary>Builds, protects and sends one RTP packet of <paramref name="size"/> bytes. Pacing thread only.</summary>
    public void SendPacket(int size, int packetsPerSecond)
    {
        SrtpSession? srtp = _srtpOut;
        IceAgent? ice = _ice;
        if (srtp is null || ice is null)
        {
            return;
        }
        Span<byte> buffer = _sendBuffer;
        RtpHeaderWriter.WriteFixedHeader(buffer, Vp8PayloadType, marker: true, _sequence++, _timestamp, _ssrc);
        _timestamp += (uint)(VideoClockRate / Math.Max(1, packetsPerSecond));
        // A VP8 payload descriptor (RFC 7741 §4.2) saying "start of partition 0", then filler.
        buffer[12] = 0x10;
        buffer.Slice(13, size - 13).Fill(0x5A);
        if (srtp.ProtectRtp(buffer, size, out int length) == SrtpStatus.Ok && ice.Send(buffer[..length]))
        {
            Interlocked.Increment(ref _sent);
        }
    }

    // The ICE socket loop: DTLS records, and SRTP/SRTCP coming back from the server.
    public void OnDatagram(DatagramKind kind, Span<byte> datagram, IceCandidatePair pair)
    {
        if (kind == DatagramKind.Dtls)
        {
            _dtls?.HandleIncoming(datagram);
            return;
        }
        SrtpSession? srtp = _srtpIn;
        if (kind != DatagramKind.Rtp || srtp is null || datagram.Length < 12)
        {
            return;
        }
        // rtcp-mux: RTCP packet types 192-223 sit where RTP payload types 64-95 would (RFC 5761 §4).
        int pt = datagram[1] & 0x7F;
        if (pt is >= 64 and <= 95)
        {
            if (srtp.UnprotectRtcp(datagram, datagram.Length, out _) == SrtpStatus.Ok)
            {
                Interlocked.Increment(ref _rtcpReceived);
            }
            return;
        }
        if (srtp.UnprotectRtp(datagram, datagram.Length, out int plain) == SrtpStatus.Ok && plain > 12)
        {
            Interlocked.Increment(ref _echoed);
        }
        else
        {
            Interlocked.Increment(ref _unprotectFailures);
        }
    }

    private void OnDtlsConnected(KeyMaterial keys)
    {
        SrtpProfile? profile = SrtpProfile.FromDtlsProtectionProfile((int)keys.Profile);
        if (profile is null)
        {
            _connected.TrySetException(new InvalidOperationException("unsupported SRTP profile " + keys.Profile));
            return;
        }
        _srtpIn = new SrtpSession(profile, keys.RemoteMasterKey, keys.RemoteMasterSalt);
        _srtpOut = new SrtpSession(profile, keys.LocalMasterKey, keys.LocalMasterSalt);
        _connected.TrySetResult();
    }

    private static List<string> CandidateValues(IReadOnlyList<IceCandidate> candidates)
    {
        var values = new List<string>(candidates.Count);
        foreach (IceCandidate candidate in candidates)
        {
            values.Add(candidate.ToSdpAttribute());
        }
        return values;
    }

    public void Dispose()
    {
        _dtls?.Close();
        _ice?.Dispose();
        _srtpIn?.Dispose();
        _srtpOut?.Dispose();
    }
}
