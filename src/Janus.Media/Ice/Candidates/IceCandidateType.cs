namespace Janus.Media.Ice.Candidates;

/// <summary>RFC 8445 §5.1.1: where a candidate's address came from.</summary>
public enum IceCandidateType
{
    Host,
    ServerReflexive,
    PeerReflexive,
    Relayed,
}

/// <summary>The candidate's transport; only UDP is used for checks, TCP lines are parsed and kept (RFC 6544).</summary>
public enum IceTransportProtocol
{
    Udp,
    Tcp,
}
