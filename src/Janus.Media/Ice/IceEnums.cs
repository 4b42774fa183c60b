namespace Janus.Media.Ice;

/// <summary>RFC 8445 §2.3: the controlling agent nominates; we control when we sent the offer.</summary>
public enum IceRole
{
    Controlling,
    Controlled,
}

/// <summary>The agent's overall state, named as RTCIceConnectionState names them.</summary>
public enum IceConnectionState
{
    New,
    Checking,
    Connected,
    Completed,
    Disconnected,
    Failed,
    Closed,
}

/// <summary>RFC 8445 §6.1.2.6 pair states.</summary>
public enum IceCandidatePairState
{
    Frozen,
    Waiting,
    InProgress,
    Succeeded,
    Failed,
}
