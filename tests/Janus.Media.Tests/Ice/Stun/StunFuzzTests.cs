using System.Net;
using Janus.Media.Ice.Stun;

namespace Janus.Media.Tests.Ice.Stun;

/// <summary>Random and mutated input never throws out of the parser; it parses or is refused.</summary>
public sealed class StunFuzzTests
{
    [Fact]
    public void RandomBytesAreRefusedOrParsedWithoutExceptions()
    {
        var random = new Random(5389);
        var buffer = new byte[600];
        for (int i = 0; i < 20000; i++)
        {
            int length = random.Next(0, buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            if (length >= 8 && random.Next(2) == 0)
            {
                // Often make it look like STUN so the attribute walk is exercised.
                buffer[0] &= 0x3F;
                buffer[2] = (byte)((length - 20) >> 8);
                buffer[3] = (byte)(length - 20);
                buffer[4] = 0x21; buffer[5] = 0x12; buffer[6] = 0xA4; buffer[7] = 0x42;
            }
            // The assertion is that nothing throws: TryParse's false is the only refusal allowed.
            Exercise(buffer.AsSpan(0, length));
        }
    }

    [Fact]
    public void MutatedVectorsAreRefusedOrParsedWithoutExceptions()
    {
        var random = new Random(5769);
        byte[][] seeds = { StunRfc5769Tests.SampleRequest, StunRfc5769Tests.SampleIpv4Response, StunRfc5769Tests.SampleIpv6Response };
        int parsed = 0;
        for (int i = 0; i < 20000; i++)
        {
            byte[] seed = seeds[i % seeds.Length];
            byte[] mutated = seed.AsSpan(0, random.Next(0, seed.Length + 1)).ToArray();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips && mutated.Length > 0; f++)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }
            if (Exercise(mutated))
            {
                parsed++;
            }
        }
        // Flips in the SOFTWARE value or padding keep the framing intact, so some must still parse.
        Assert.True(parsed > 0);
    }

    [Fact]
    public void TruncatedAttributeIsRefused()
    {
        byte[] truncated = StunRfc5769Tests.SampleRequest.AsSpan(0, StunRfc5769Tests.SampleRequest.Length - 4).ToArray();
        truncated[3] -= 4;
        Assert.False(StunMessage.TryParse(truncated, out _));
    }

    private static bool Exercise(ReadOnlySpan<byte> data)
    {
        if (!StunMessage.TryParse(data, out StunMessage message))
        {
            return false;
        }
        _ = message.Username.Length;
        _ = message.ErrorCode;
        _ = message.VerifyFingerprint();
        _ = message.VerifyMessageIntegrity("key"u8);
        _ = message.TryGetXorMappedAddress(out IPEndPoint? _);
        _ = message.TryGetMappedAddress(out IPEndPoint? _);
        return true;
    }
}
