using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Srtp;

/// <summary>
/// An SRTP protection profile as negotiated by DTLS-SRTP (RFC 5764 §4.1.2, RFC 7714 §14.2):
/// the lengths of the master key and salt and of the authentication tags.
/// </summary>
public sealed class SrtpProfile
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (0x0001).</summary>
    public static readonly SrtpProfile Aes128CmHmacSha1_80 = new("SRTP_AES128_CM_HMAC_SHA1_80", 0x0001, 16, 14, 10, 10, false);

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_32 (0x0002). SRTCP keeps an 80-bit tag (RFC 5764 §4.1.2).</summary>
    public static readonly SrtpProfile Aes128CmHmacSha1_32 = new("SRTP_AES128_CM_HMAC_SHA1_32", 0x0002, 16, 14, 4, 10, false);

    /// <summary>SRTP_AEAD_AES_128_GCM (0x0007), RFC 7714.</summary>
    public static readonly SrtpProfile AeadAes128Gcm = new("SRTP_AEAD_AES_128_GCM", 0x0007, 16, 12, 16, 16, true);

    /// <summary>SRTP_AEAD_AES_256_GCM (0x0008), RFC 7714.</summary>
    public static readonly SrtpProfile AeadAes256Gcm = new("SRTP_AEAD_AES_256_GCM", 0x0008, 32, 12, 16, 16, true);

    private SrtpProfile(string name, int id, int keyLength, int saltLength, int rtpTag, int rtcpTag, bool aead)
    {
        Name = name;
        DtlsProtectionProfileId = id;
        MasterKeyLength = keyLength;
        MasterSaltLength = saltLength;
        RtpAuthTagLength = rtpTag;
        RtcpAuthTagLength = rtcpTag;
        IsAead = aead;
    }

    /// <summary>The name used in the DTLS-SRTP registry, e.g. <c>SRTP_AES128_CM_HMAC_SHA1_80</c>.</summary>
    public string Name { get; }

    /// <summary>The two-byte SRTPProtectionProfile value of the use_srtp extension.</summary>
    public int DtlsProtectionProfileId { get; }

    public int MasterKeyLength { get; }

    public int MasterSaltLength { get; }

    /// <summary>Bytes appended to an RTP packet by protection (the tag; GCM's tag is 16 bytes).</summary>
    public int RtpAuthTagLength { get; }

    public int RtcpAuthTagLength { get; }

    /// <summary>True for the AES-GCM profiles (RFC 7714), false for AES-CM with HMAC-SHA1.</summary>
    public bool IsAead { get; }

    /// <summary>How much larger an RTP packet gets when protected.</summary>
    public int RtpOverhead => RtpAuthTagLength;

    /// <summary>How much larger an RTCP packet gets when protected: the E flag and SRTCP index word plus the tag.</summary>
    public int RtcpOverhead => RtcpAuthTagLength + 4;

    /// <summary>Length of the session authentication key (RFC 3711 §8.2: 160 bits for HMAC-SHA1; none for AEAD).</summary>
    internal int SessionAuthKeyLength => IsAead ? 0 : 20;

    /// <summary>Bytes of DTLS exporter output needed (RFC 5764 §4.2): two keys and two salts.</summary>
    public int KeyingMaterialLength => 2 * (MasterKeyLength + MasterSaltLength);

    /// <summary>The profile for a DTLS-SRTP protection profile id, or null when we do not support it.</summary>
    public static SrtpProfile? FromDtlsProtectionProfile(int id) => id switch
    {
        0x0001 => Aes128CmHmacSha1_80,
        0x0002 => Aes128CmHmacSha1_32,
        0x0007 => AeadAes128Gcm,
        0x0008 => AeadAes256Gcm,
        _ => null,
    };

    public static bool TryFromDtlsProtectionProfile(int id, [NotNullWhen(true)] out SrtpProfile? profile)
    {
        profile = FromDtlsProtectionProfile(id);
        return profile is not null;
    }

    public override string ToString() => Name;
}
