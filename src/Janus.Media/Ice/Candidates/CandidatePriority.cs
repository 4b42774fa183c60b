namespace Janus.Media.Ice.Candidates;

/// <summary>Priorities from RFC 8445 §5.1.2 and §6.1.2.3.</summary>
internal static class CandidatePriority
{
    // RFC 8445 §5.1.2.2 recommended type preferences.
    public const int HostPreference = 126;
    public const int PeerReflexivePreference = 110;
    public const int ServerReflexivePreference = 100;
    public const int RelayedPreference = 0;

    public static int TypePreference(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => HostPreference,
        IceCandidateType.PeerReflexive => PeerReflexivePreference,
        IceCandidateType.ServerReflexive => ServerReflexivePreference,
        _ => RelayedPreference,
    };

    /// <summary>RFC 8445 §5.1.2.1: 2^24 × type preference + 2^8 × local preference + (256 − component).</summary>
    public static uint Compute(IceCandidateType type, int localPreference, int component) =>
        (uint)((TypePreference(type) << 24) + ((localPreference & 0xFFFF) << 8) + (256 - component));

    /// <summary>RFC 8445 §6.1.2.3: 2^32 × MIN(G,D) + 2 × MAX(G,D) + (G &gt; D ? 1 : 0), G the controlling side's.</summary>
    public static ulong Pair(uint controlling, uint controlled) =>
        ((ulong)Math.Min(controlling, controlled) << 32) + 2UL * Math.Max(controlling, controlled) + (controlling > controlled ? 1UL : 0UL);
}
