using System.Security.Cryptography;

namespace Janus.Media.Sdp;

internal static class SdpRandom
{
    /// <summary>An o= session id: positive and under 2^62, so every stack reads it as a signed 64-bit number (RFC 8866 §5.2).</summary>
    public static ulong SessionId()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        ulong value = BitConverter.ToUInt64(bytes) & ((1UL << 62) - 1);
        return value == 0 ? 1 : value;
    }

    public static uint Ssrc() => (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
}
