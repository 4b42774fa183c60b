using System.Globalization;
using System.Net;

namespace Janus.Media.Ice.Candidates;

/// <summary>
/// RFC 8445 §5.1.1.3: candidates share a foundation when they have the same type, base address, STUN server and
/// transport. A stable 32-bit FNV-1a hash of those four, written in decimal, is short and within the 32 ice-chars
/// RFC 8839 allows.
/// </summary>
internal static class CandidateFoundation
{
    public static string Compute(IceCandidateType type, IPAddress baseAddress, string? server, IceTransportProtocol protocol)
    {
        uint hash = 2166136261;
        hash = Mix(hash, IceCandidate.TypeName(type));
        hash = Mix(hash, baseAddress.ToString());
        hash = Mix(hash, server ?? "");
        hash = Mix(hash, protocol == IceTransportProtocol.Udp ? "udp" : "tcp");
        return hash.ToString(CultureInfo.InvariantCulture);
    }

    private static uint Mix(uint hash, string part)
    {
        foreach (char c in part)
        {
            hash = (hash ^ c) * 16777619;
        }
        return (hash ^ '|') * 16777619;
    }
}
