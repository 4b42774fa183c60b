namespace Janus.Media.Sdp;

/// <summary>
/// What the relay needs to follow a peer's simulcast: either SSRCs (Chrome's <c>a=ssrc-group:SIM</c>, lowest layer first)
/// or rids (RFC 8853, in the order the peer wrote <c>a=simulcast:send</c>, or its <c>a=rid</c> lines when there is no
/// simulcast attribute) and the header extension ids that carry them. Which rid is the high layer is the relay's call.
/// </summary>
public sealed record SdpSimulcastInfo(
    IReadOnlyList<uint> Ssrcs,
    IReadOnlyList<uint?> RtxSsrcs,
    IReadOnlyList<string> Rids,
    IReadOnlyList<bool> RidsPaused,
    int? RidExtensionId,
    int? RepairedRidExtensionId)
{
    public bool IsSimulcast => Ssrcs.Count > 1 || Rids.Count > 1;

    public bool UsesRids => Rids.Count > 0;
}
