namespace Janus.Media.Dtls;

/// <summary>
/// The DTLS-SRTP protection profiles we negotiate in the <c>use_srtp</c> extension, with their IANA ids
/// (RFC 5764 §4.1.2, RFC 7714 §14.2).
/// </summary>
public enum SrtpProtectionProfile
{
    Aes128CmHmacSha1_80 = 0x0001,
    AeadAes128Gcm = 0x0007,
    AeadAes256Gcm = 0x0008,
}

/// <summary>Master key and salt sizes of each profile, which fix how much keying material we export.</summary>
internal static class SrtpProtectionProfiles
{
    /// <summary>Our preference, best first: GCM (RFC 7714) is cheaper per packet and authenticates the header.</summary>
    public static readonly int[] Preference =
    [
        (int)SrtpProtectionProfile.AeadAes128Gcm,
        (int)SrtpProtectionProfile.AeadAes256Gcm,
        (int)SrtpProtectionProfile.Aes128CmHmacSha1_80,
    ];

    public static bool IsSupported(int id) => Array.IndexOf(Preference, id) >= 0;

    /// <summary>The configured list as wire ids, or our default preference.</summary>
    public static int[] ToWire(IReadOnlyList<SrtpProtectionProfile>? profiles)
    {
        if (profiles is null || profiles.Count == 0)
        {
            return Preference;
        }
        var ids = new int[profiles.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            if (!IsSupported((int)profiles[i]))
            {
                throw new ArgumentException($"unsupported SRTP profile {profiles[i]}", nameof(profiles));
            }
            ids[i] = (int)profiles[i];
        }
        return ids;
    }

    /// <summary>RFC 5764 §4.1.2 (AES-CM: 128-bit key, 112-bit salt); RFC 7714 §12 (GCM: 96-bit salt).</summary>
    public static (int KeyLength, int SaltLength) Lengths(SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => (16, 14),
        SrtpProtectionProfile.AeadAes128Gcm => (16, 12),
        SrtpProtectionProfile.AeadAes256Gcm => (32, 12),
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "unsupported SRTP profile"),
    };

    /// <summary>
    /// Picks, from what the client offered, the profile we like best; -1 when none is acceptable.
    /// RFC 5764 §4.1.1: the server chooses one of the client's profiles.
    /// </summary>
    public static int Select(int[] ours, int[] offered)
    {
        foreach (int preferred in ours)
        {
            if (Array.IndexOf(offered, preferred) >= 0)
            {
                return preferred;
            }
        }
        return -1;
    }
}
