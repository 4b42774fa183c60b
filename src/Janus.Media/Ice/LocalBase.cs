using Janus.Media.Ice.Candidates;
using Janus.Media.Net;

namespace Janus.Media.Ice;

/// <summary>
/// A socket ICE sends from (the "base" of RFC 8445 §5.1.1.1) and the host candidate advertised for it.
/// Server-reflexive and NAT 1:1 candidates share the base, so pairs are formed with bases only (RFC 8445 §6.1.2.4).
/// </summary>
internal sealed class LocalBase
{
    public LocalBase(UdpEndpoint endpoint, IceCandidate hostCandidate, int localPreference)
    {
        Endpoint = endpoint;
        HostCandidate = hostCandidate;
        LocalPreference = localPreference;
        PeerReflexivePriority = CandidatePriority.Compute(IceCandidateType.PeerReflexive, localPreference, 1);
    }

    public UdpEndpoint Endpoint { get; }
    public IceCandidate HostCandidate { get; }
    public int LocalPreference { get; }
    /// <summary>The PRIORITY attribute of our checks (RFC 8445 §7.1.1).</summary>
    public uint PeerReflexivePriority { get; }
}
