namespace Janus.Core.Plugins;

/// <summary>The three kinds of media a relay node can send or receive (Janus's configureMedium names).</summary>
public enum RelayMedium
{
    Audio = 0,
    Video = 1,
    Data = 2,
}

/// <summary>Which way a medium flows, seen from the node (Janus: "in" = may receive relayed media, "out" = its media may be relayed).</summary>
public enum RelayDirection
{
    In = 0,
    Out = 1,
}
