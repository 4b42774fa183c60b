using System.Numerics;
using System.Security.Cryptography;

namespace Janus.Media.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): block j of keystream is AES(key, IV + j), the
/// counter living in the low 16 bits of the IV. Built on a reused ECB transform with preallocated
/// counter and keystream buffers, because that is allocation-free (the one-shot EncryptEcb is not).
/// Not thread-safe.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    /// <summary>Blocks processed per AES call: a 1500-byte packet fits in one.</summary>
    private const int ChunkBlocks = 96;
    private const int BlockSize = 16;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = new byte[ChunkBlocks * BlockSize];
    private readonly byte[] _keystream = new byte[ChunkBlocks * BlockSize];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs <paramref name="data"/> with the keystream that starts at <paramref name="iv"/> (16 bytes, low 16 bits zero).</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        int block = 0;
        while (!data.IsEmpty)
        {
            int bytes = Math.Min(data.Length, ChunkBlocks * BlockSize);
            int blocks = (bytes + BlockSize - 1) / BlockSize;
            for (int i = 0; i < blocks; i++, block++)
            {
                Span<byte> counter = _counters.AsSpan(i * BlockSize, BlockSize);
                iv[..14].CopyTo(counter);
                // RFC 3711 §4.1.1: the block counter is added to the IV, whose last 16 bits are zero.
                counter[14] = (byte)(iv[14] ^ (block >> 8));
                counter[15] = (byte)(iv[15] ^ block);
            }

            _ecb.TransformBlock(_counters, 0, blocks * BlockSize, _keystream, 0);
            Xor(data[..bytes], _keystream);
            data = data[bytes..];
        }
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<byte>.Count;
            for (; i <= data.Length - width; i += width)
            {
                var mixed = new Vector<byte>(data[i..]) ^ new Vector<byte>(keystream[i..]);
                mixed.CopyTo(data[i..]);
            }
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
    }
}
