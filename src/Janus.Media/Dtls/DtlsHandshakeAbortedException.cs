namespace Janus.Media.Dtls;

/// <summary>
/// Thrown out of a handshake receive to end the handshake (closed locally, or past the deadline). An
/// <see cref="IOException"/>, so BouncyCastle aborts the handshake with an alert rather than treating it as a timeout.
/// </summary>
internal sealed class DtlsHandshakeAbortedException(string message) : IOException(message);
