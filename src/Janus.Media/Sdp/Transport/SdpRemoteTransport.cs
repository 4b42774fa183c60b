namespace Janus.Media.Sdp;

/// <summary>
/// What the core takes from a peer's SDP to run ICE and DTLS and to route its media.
/// <see cref="Setup"/> is <see cref="SdpSetup.None"/> when the peer wrote no <c>a=setup</c> (RFC 4145 §4 reads that as active).
/// </summary>
public sealed record SdpRemoteTransport(
    string IceUfrag,
    string IcePwd,
    SdpFingerprint Fingerprint,
    SdpSetup Setup,
    bool IceLite,
    bool Trickle,
    IReadOnlyList<SdpRemoteCandidate> Candidates,
    bool EndOfCandidates,
    IReadOnlyList<string> BundleMids,
    IReadOnlyList<SdpRemoteMedia> Media);

/// <summary>A candidate found in the SDP, with the m-line it came from (trickle's sdpMLineIndex and sdpMid).</summary>
public sealed record SdpRemoteCandidate(int MLineIndex, string? Mid, SdpCandidate Candidate);

/// <summary>One m-line of a peer's SDP, reduced to what the core routes by.</summary>
public sealed record SdpRemoteMedia(
    int Index,
    string? Mid,
    SdpMediaKind Kind,
    SdpDirection Direction,
    bool Rejected,
    IReadOnlyList<int> PayloadTypes,
    SdpCodec? Codec,
    IReadOnlyDictionary<int, int> RtxPayloadTypes,
    uint? Ssrc,
    uint? RtxSsrc,
    SdpSimulcastInfo Simulcast,
    IReadOnlyDictionary<string, int> ExtensionIds,
    int? SctpPort,
    long? MaxMessageSize);
