using System.Net;
using Janus.Media.Ice.Candidates;

namespace Janus.Media.Ice;

/// <summary>
/// A local and a remote candidate ICE checks together (RFC 8445 §6.1.2). The owner sees it in
/// <see cref="IceAgent.SelectedPairChanged"/> and with every datagram; the mutable fields belong to the agent.
/// </summary>
public sealed class IceCandidatePair
{
    internal IceCandidatePair(LocalBase local, IceCandidate remote, int generation)
    {
        Base = local;
        Remote = remote;
        RemoteEndPoint = remote.EndPoint!;
        RemoteAddress = RemoteEndPoint.Serialize();
        Generation = generation;
    }

    public IceCandidate Local => Base.HostCandidate;
    public IceCandidate Remote { get; }
    public IPEndPoint LocalEndPoint => Base.Endpoint.LocalEndPoint;
    public IPEndPoint RemoteEndPoint { get; }
    public ulong Priority { get; internal set; }
    public IceCandidatePairState State { get; internal set; } = IceCandidatePairState.Waiting;
    public bool Nominated { get; internal set; }

    internal LocalBase Base { get; }
    internal SocketAddress RemoteAddress { get; }
    internal int Generation { get; }
    /// <summary>The peer asked to nominate this pair (USE-CANDIDATE) before our own check on it succeeded.</summary>
    internal bool NominateOnSuccess { get; set; }
    /// <summary>The peer sent an authenticated check from this address: its media is accepted (RFC 8445 §7.3.1.4).</summary>
    internal bool PeerAuthenticated { get; set; }
    internal long LastConsentAt { get; set; }
    internal long NextConsentAt { get; set; }
    internal bool InTriggeredQueue { get; set; }

    internal bool CanCarryMedia => State == IceCandidatePairState.Succeeded || PeerAuthenticated;

    public override string ToString() => $"{LocalEndPoint} <-> {RemoteEndPoint} ({IceCandidate.TypeName(Remote.Type)}, {State})";
}
