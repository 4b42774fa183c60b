using Janus.Media.Ice.Candidates;

namespace Janus.Media.Tests.Ice.Candidates;

public sealed class CandidatePriorityTests
{
    [Fact]
    public void HostPriorityFollowsRfc8445Formula()
    {
        // 2^24*126 + 2^8*65535 + (256-1)
        Assert.Equal(2130706431u, CandidatePriority.Compute(IceCandidateType.Host, 65535, 1));
        Assert.True(CandidatePriority.Compute(IceCandidateType.Host, 1, 1) > CandidatePriority.Compute(IceCandidateType.PeerReflexive, 65535, 1));
        Assert.True(CandidatePriority.Compute(IceCandidateType.PeerReflexive, 1, 1) > CandidatePriority.Compute(IceCandidateType.ServerReflexive, 65535, 1));
    }

    [Fact]
    public void PairPriorityFavoursControllingSideOnTies()
    {
        Assert.Equal((5UL << 32) + 2 * 7 + 1, CandidatePriority.Pair(7, 5));
        Assert.Equal((5UL << 32) + 2 * 7, CandidatePriority.Pair(5, 7));
    }
}
