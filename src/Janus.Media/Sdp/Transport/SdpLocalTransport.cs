namespace Janus.Media.Sdp;

/// <summary>Our side of the PeerConnection, as <see cref="SdpTransport.MergeLocal"/> writes it into a plugin's SDP.</summary>
public sealed record SdpLocalTransport
{
    public required string IceUfrag { get; init; }

    public required string IcePwd { get; init; }

    /// <summary>Hex pairs with colons, as RFC 8122 §5 writes them.</summary>
    public required string Fingerprint { get; init; }

    public string FingerprintAlgorithm { get; init; } = "sha-256";

    /// <summary><c>actpass</c> in our offers; <c>active</c> or <c>passive</c> in answers (RFC 8842 §5.3).</summary>
    public SdpSetup Setup { get; init; } = SdpSetup.ActPass;

    /// <summary>The address for <c>o=</c> and <c>c=</c>: Janus writes its public IP there.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>o= session id; null keeps the plugin's (Janus reuses the offer's in an answer).</summary>
    public ulong? SessionId { get; init; }

    /// <summary>o= version; null keeps the plugin's. Raise it on every renegotiation (RFC 8829 §5.2.2).</summary>
    public ulong? SessionVersion { get; init; }

    /// <summary>Write <c>a=ice-options:trickle</c> (RFC 8840 §4.1.1).</summary>
    public bool Trickle { get; init; } = true;

    /// <summary>Write <c>a=ice-lite</c> at session level (RFC 8839 §5.3).</summary>
    public bool IceLite { get; init; }

    /// <summary>Candidate values (without <c>candidate:</c>) written into every non-rejected m-line.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    /// <summary>Gathering is over: write <c>a=end-of-candidates</c> (RFC 8840 §4.1.2), as Janus does without full trickle.</summary>
    public bool EndOfCandidates { get; init; }

    /// <summary>What we send on each mid; an m-line we send on without an entry gets no SSRC lines.</summary>
    public IReadOnlyDictionary<string, SdpOutgoingStream>? Streams { get; init; }

    /// <summary>The msid stream id and the SSRC cname Janus uses for everything it sends.</summary>
    public string MediaStreamId { get; init; } = "janus";

    public string Cname { get; init; } = "janus";
}

/// <summary>The SSRCs of one of our outgoing streams. <see cref="TrackId"/> null gives Janus's <c>janusa0</c>, <c>janusv0</c>, <c>janusv1</c>... (kind and index among m-lines of that kind).</summary>
public sealed record SdpOutgoingStream(uint Ssrc, uint? RtxSsrc = null, string? TrackId = null);
