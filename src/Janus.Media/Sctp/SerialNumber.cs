namespace Janus.Media.Sctp;

/// <summary>Serial number arithmetic (RFC 1982) for 32-bit TSNs and 16-bit SSNs (RFC 9260 §1.6).</summary>
internal static class SerialNumber
{
    public static bool Less(uint a, uint b) => (int)(a - b) < 0;

    public static bool LessOrEqual(uint a, uint b) => (int)(a - b) <= 0;

    public static bool Greater(uint a, uint b) => (int)(a - b) > 0;

    public static bool GreaterOrEqual(uint a, uint b) => (int)(a - b) >= 0;

    public static bool Less(ushort a, ushort b) => (short)(a - b) < 0;

    public static bool LessOrEqual(ushort a, ushort b) => (short)(a - b) <= 0;
}
