namespace Janus.Media.Srtp;

/// <summary>
/// The SRTP key derivation function (RFC 3711 §4.3) with the AES-CM PRF (§4.3.3), key derivation rate 0.
/// RFC 7714 §11 reuses it for AES-GCM with a 96-bit master salt, which sits in the high bytes of the
/// 112-bit salt field (the last two bytes zero), as libsrtp and browsers do.
/// </summary>
internal static class SrtpKeyDerivation
{
    public const byte RtpEncryptionLabel = 0x00;
    public const byte RtpAuthenticationLabel = 0x01;
    public const byte RtpSaltLabel = 0x02;
    public const byte RtcpEncryptionLabel = 0x03;
    public const byte RtcpAuthenticationLabel = 0x04;
    public const byte RtcpSaltLabel = 0x05;

    /// <summary>Fills <paramref name="output"/> with the session key for <paramref name="label"/>.</summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        using var prf = new AesCounterMode(masterKey);
        Derive(prf, masterSalt, label, output);
    }

    public static void Derive(AesCounterMode prf, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        // x = (label || r) XOR master_salt, right-aligned in 112 bits; with kdr = 0 r is zero, so only the
        // label byte (the 8th of 14) changes. IV = x * 2^16.
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt[..Math.Min(masterSalt.Length, 14)].CopyTo(iv);
        iv[7] ^= label;
        output.Clear();
        prf.Apply(iv, output);
    }
}
