namespace Janus.Media.Dtls;

/// <summary>
/// The SRTP master keys a finished DTLS-SRTP handshake yields, already split for our role:
/// "local" protects what we send, "remote" unprotects what we receive.
/// </summary>
public sealed class DtlsSrtpKeys
{
    /// <summary>The RFC 5764 §4.2 exporter label.</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    private DtlsSrtpKeys(SrtpProtectionProfile profile, DtlsRole role, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt)
    {
        Profile = profile;
        Role = role;
        LocalMasterKey = localKey;
        LocalMasterSalt = localSalt;
        RemoteMasterKey = remoteKey;
        RemoteMasterSalt = remoteSalt;
    }

    public SrtpProtectionProfile Profile { get; }

    /// <summary>The role we played in the handshake.</summary>
    public DtlsRole Role { get; }

    public byte[] LocalMasterKey { get; }
    public byte[] LocalMasterSalt { get; }
    public byte[] RemoteMasterKey { get; }
    public byte[] RemoteMasterSalt { get; }

    /// <summary>How many bytes of keying material the profile needs: 2 * (key + salt).</summary>
    public static int MaterialLength(SrtpProtectionProfile profile)
    {
        (int keyLength, int saltLength) = SrtpProtectionProfiles.Lengths(profile);
        return 2 * (keyLength + saltLength);
    }

    /// <summary>
    /// Splits exported keying material. RFC 5764 §4.2: the material is laid out as
    /// client_write_key | server_write_key | client_write_salt | server_write_salt.
    /// The client sends with the client key, the server with the server key.
    /// </summary>
    public static DtlsSrtpKeys FromKeyingMaterial(SrtpProtectionProfile profile, DtlsRole role, ReadOnlySpan<byte> material)
    {
        (int keyLength, int saltLength) = SrtpProtectionProfiles.Lengths(profile);
        if (material.Length != 2 * (keyLength + saltLength))
        {
            throw new ArgumentException($"keying material must be {2 * (keyLength + saltLength)} bytes for {profile}", nameof(material));
        }

        byte[] clientKey = material.Slice(0, keyLength).ToArray();
        byte[] serverKey = material.Slice(keyLength, keyLength).ToArray();
        byte[] clientSalt = material.Slice(2 * keyLength, saltLength).ToArray();
        byte[] serverSalt = material.Slice(2 * keyLength + saltLength, saltLength).ToArray();

        return role == DtlsRole.Client
            ? new DtlsSrtpKeys(profile, role, clientKey, clientSalt, serverKey, serverSalt)
            : new DtlsSrtpKeys(profile, role, serverKey, serverSalt, clientKey, clientSalt);
    }
}
