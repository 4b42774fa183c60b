using Janus.Core;
namespace Janus.Media.WebRtc;

/// <summary>
/// What the Admin API's <c>handle_info</c> reports beyond live counters: the SDPs as exchanged, Janus's negotiation
/// flags and the times each layer came up. Written on negotiation and state changes, never per packet.
/// </summary>
internal sealed partial class PeerConnection
{
    private string? _localSdpText;
    private string? _remoteSdpText;
    private bool _gotOffer;
    private bool _gotAnswer;
    private bool _iceRestartPending;
    private long _agentCreatedMicros;
    private long _iceConnectedMicros;
    private long _dtlsStartedMicros;
    private long _dtlsConnectedMicros;
    private string? _srtpProfileName;

    internal AdminState ReadAdminState()
    {
        lock (_lock)
        {
            return new AdminState(
                _localSdpText, _remoteSdpText, _remote, _gotOffer, _gotAnswer, _remoteOfferPending, _started, _iceRestartPending,
                _webrtcUp, _closed, _agentCreatedMicros, _iceConnectedMicros, _dtlsStartedMicros, _dtlsConnectedMicros, _srtpProfileName);
        }
    }

    internal string LocalFingerprint => _engine.Certificate.Fingerprint.Value;
    internal bool HasSctpAssociation => _sctp is not null;

    private long Now() => _time.Microseconds();

    internal sealed record AdminState(
        string? LocalSdp,
        string? RemoteSdp,
        Sdp.SdpRemoteTransport? Remote,
        bool GotOffer,
        bool GotAnswer,
        bool ProcessingOffer,
        bool Started,
        bool IceRestart,
        bool Ready,
        bool Stopped,
        long AgentCreatedMicros,
        long IceConnectedMicros,
        long DtlsStartedMicros,
        long DtlsConnectedMicros,
        string? SrtpProfile);
}
