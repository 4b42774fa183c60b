using System.Security.Cryptography;

namespace Janus.Core.Api;

/// <summary>
/// Session and handle ids: random, non-zero and at most 53 bits so that JavaScript clients keep them exact
/// (Janus's janus_random_uint64). Cryptographically random because an id is all a client needs to drive a
/// session when no API secret is set.
/// </summary>
internal static class JanusIds
{
    private const long Mask53 = (1L << 53) - 1;

    public static long Next()
    {
        Span<byte> bytes = stackalloc byte[8];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            long id = BitConverter.ToInt64(bytes) & Mask53;
            if (id != 0)
            {
                return id;
            }
        }
    }
}
