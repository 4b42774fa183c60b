namespace Janus.Media.Sdp;

/// <summary>Attribute names as browsers write them.</summary>
public static class SdpAttributeNames
{
    public const string Group = "group";
    public const string Mid = "mid";
    public const string Msid = "msid";
    public const string MsidSemantic = "msid-semantic";
    public const string IceUfrag = "ice-ufrag";
    public const string IcePwd = "ice-pwd";
    public const string IceOptions = "ice-options";
    public const string IceLite = "ice-lite";
    public const string Fingerprint = "fingerprint";
    public const string Setup = "setup";
    public const string Candidate = "candidate";
    public const string EndOfCandidates = "end-of-candidates";
    public const string Rtcp = "rtcp";
    public const string RtcpMux = "rtcp-mux";
    public const string RtcpRsize = "rtcp-rsize";
    public const string RtpMap = "rtpmap";
    public const string Fmtp = "fmtp";
    public const string RtcpFb = "rtcp-fb";
    public const string Extmap = "extmap";
    public const string ExtmapAllowMixed = "extmap-allow-mixed";
    public const string Ssrc = "ssrc";
    public const string SsrcGroup = "ssrc-group";
    public const string Rid = "rid";
    public const string Simulcast = "simulcast";
    public const string SctpPort = "sctp-port";
    public const string MaxMessageSize = "max-message-size";
    public const string SctpMap = "sctpmap";
    public const string BundleOnly = "bundle-only";
}
