namespace Janus.Media.Srtp;

/// <summary>The two SRTP sessions of one DTLS-SRTP association: one for what we receive, one for what we send.</summary>
public sealed class SrtpSessionPair : IDisposable
{
    public SrtpSessionPair(SrtpSession inbound, SrtpSession outbound)
    {
        Inbound = inbound;
        Outbound = outbound;
    }

    /// <summary>Unprotects what the peer sends (keyed with the peer's write key).</summary>
    public SrtpSession Inbound { get; }

    /// <summary>Protects what we send (keyed with our write key).</summary>
    public SrtpSession Outbound { get; }

    public void Dispose()
    {
        Inbound.Dispose();
        Outbound.Dispose();
    }
}

/// <summary>Turns DTLS-SRTP keying material into SRTP sessions (RFC 5764 §4.2).</summary>
public static class DtlsSrtpKeys
{
    /// <summary>The exporter label for DTLS-SRTP (RFC 5764 §4.2).</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    /// <summary>
    /// Splits the exporter output (client write key, server write key, client write salt, server write salt)
    /// and creates the sessions for our DTLS role: the DTLS client sends with the client key.
    /// </summary>
    /// <param name="profile">The profile the DTLS handshake selected.</param>
    /// <param name="keyingMaterial">At least <see cref="SrtpProfile.KeyingMaterialLength"/> bytes exported with <see cref="ExporterLabel"/>.</param>
    /// <param name="isDtlsClient">True when we were the DTLS client (setup:active).</param>
    public static SrtpSessionPair CreateSessions(SrtpProfile profile, ReadOnlySpan<byte> keyingMaterial, bool isDtlsClient,
        int replayWindowSize = SrtpSession.DefaultReplayWindowSize)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (keyingMaterial.Length < profile.KeyingMaterialLength)
        {
            throw new ArgumentException($"{profile.Name} needs {profile.KeyingMaterialLength} bytes of keying material.", nameof(keyingMaterial));
        }

        int keyLength = profile.MasterKeyLength;
        int saltLength = profile.MasterSaltLength;
        ReadOnlySpan<byte> clientKey = keyingMaterial[..keyLength];
        ReadOnlySpan<byte> serverKey = keyingMaterial.Slice(keyLength, keyLength);
        ReadOnlySpan<byte> clientSalt = keyingMaterial.Slice(2 * keyLength, saltLength);
        ReadOnlySpan<byte> serverSalt = keyingMaterial.Slice(2 * keyLength + saltLength, saltLength);

        var clientSession = new SrtpSession(profile, clientKey, clientSalt, replayWindowSize);
        var serverSession = new SrtpSession(profile, serverKey, serverSalt, replayWindowSize);
        return isDtlsClient
            ? new SrtpSessionPair(inbound: serverSession, outbound: clientSession)
            : new SrtpSessionPair(inbound: clientSession, outbound: serverSession);
    }
}
