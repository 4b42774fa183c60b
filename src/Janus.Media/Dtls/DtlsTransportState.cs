namespace Janus.Media.Dtls;

/// <summary>Where a <see cref="DtlsTransport"/> is in its life (the states of W3C RTCDtlsTransportState).</summary>
public enum DtlsTransportState
{
    New,
    Connecting,
    Connected,
    Closed,
    Failed,
}
