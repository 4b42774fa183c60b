namespace Janus.Media.Srtp;

/// <summary>The six session keys one master key yields (RFC 3711 §4.3.1; RFC 7714 §11 drops the auth keys).</summary>
internal sealed class SrtpSessionKeys
{
    public required byte[] RtpKey { get; init; }
    public required byte[] RtpSalt { get; init; }
    public required byte[] RtpAuthKey { get; init; }
    public required byte[] RtcpKey { get; init; }
    public required byte[] RtcpSalt { get; init; }
    public required byte[] RtcpAuthKey { get; init; }

    public static SrtpSessionKeys Derive(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        using var prf = new AesCounterMode(masterKey);
        byte[] salt = masterSalt.ToArray();
        return new SrtpSessionKeys
        {
            RtpKey = Derive(prf, salt, SrtpKeyDerivation.RtpEncryptionLabel, profile.MasterKeyLength),
            RtpSalt = Derive(prf, salt, SrtpKeyDerivation.RtpSaltLabel, profile.MasterSaltLength),
            RtpAuthKey = Derive(prf, salt, SrtpKeyDerivation.RtpAuthenticationLabel, profile.SessionAuthKeyLength),
            RtcpKey = Derive(prf, salt, SrtpKeyDerivation.RtcpEncryptionLabel, profile.MasterKeyLength),
            RtcpSalt = Derive(prf, salt, SrtpKeyDerivation.RtcpSaltLabel, profile.MasterSaltLength),
            RtcpAuthKey = Derive(prf, salt, SrtpKeyDerivation.RtcpAuthenticationLabel, profile.SessionAuthKeyLength),
        };
    }

    private static byte[] Derive(AesCounterMode prf, byte[] salt, byte label, int length)
    {
        var output = new byte[length];
        SrtpKeyDerivation.Derive(prf, salt, label, output);
        return output;
    }

    public void Clear()
    {
        Array.Clear(RtpKey);
        Array.Clear(RtpSalt);
        Array.Clear(RtpAuthKey);
        Array.Clear(RtcpKey);
        Array.Clear(RtcpSalt);
        Array.Clear(RtcpAuthKey);
    }
}
