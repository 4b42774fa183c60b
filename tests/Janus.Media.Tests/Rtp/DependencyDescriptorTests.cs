using Janus.Media.Rtp;

namespace Janus.Media.Tests.Rtp;

public sealed class DependencyDescriptorTests
{
    // Writes fields most significant bit first, as the AV1 RTP specification's f(n) reads them.
    private static byte[] Bits(params (int Value, int Width)[] fields)
    {
        var bits = new List<int>();
        foreach ((int value, int width) in fields)
        {
            for (int i = width - 1; i >= 0; i--)
            {
                bits.Add((value >> i) & 1);
            }
        }
        var bytes = new byte[(bits.Count + 7) / 8];
        for (int i = 0; i < bits.Count; i++)
        {
            bytes[i / 8] |= (byte)(bits[i] << (7 - (i % 8)));
        }
        return bytes;
    }

    // A keyframe's descriptor with an L1T2 structure (templates T0, T0, T1) starting at template id `offset`.
    private static byte[] KeyframeWithStructure(int templateId, int offset) => Bits(
        (1, 1), (1, 1), (templateId, 6), (1000, 16),      // mandatory fields
        (1, 1), (0, 4),                                  // structure present, no other extended fields
        (offset, 6), (1, 5),                             // template id offset, two decode targets
        (0, 2), (1, 2), (3, 2),                          // template layers: T0, T0, then T1, end
        (0, 24));                                        // the rest of the structure (not read)

    private static byte[] Frame(int templateId) => Bits((1, 1), (1, 1), (templateId, 6), (1001, 16));

    [Fact]
    public void Frames_are_placed_in_the_layers_of_their_template()
    {
        var structure = new DependencyStructure();
        Assert.True(DependencyDescriptor.TryReadLayers(KeyframeWithStructure(templateId: 5, offset: 5), structure, out int spatial, out int temporal));
        Assert.Equal((0, 0), (spatial, temporal));
        Assert.True(DependencyDescriptor.TryReadLayers(Frame(7), structure, out _, out temporal));
        Assert.Equal(1, temporal);
        Assert.True(DependencyDescriptor.TryReadLayers(Frame(6), structure, out _, out temporal));
        Assert.Equal(0, temporal);
    }

    [Fact]
    public void Template_ids_wrap_around_the_offset()
    {
        var structure = new DependencyStructure();
        Assert.True(DependencyDescriptor.TryReadLayers(KeyframeWithStructure(templateId: 62, offset: 62), structure, out _, out _));
        Assert.True(DependencyDescriptor.TryReadLayers(Frame(0), structure, out _, out int temporal));
        Assert.Equal(1, temporal);
        Assert.False(DependencyDescriptor.TryReadLayers(Frame(1), structure, out _, out _));
    }

    [Fact]
    public void Nothing_is_known_before_a_structure_arrives()
    {
        var structure = new DependencyStructure();
        Assert.False(DependencyDescriptor.TryReadLayers(Frame(0), structure, out _, out int temporal));
        Assert.Equal(-1, temporal);
        Assert.False(structure.Known);
    }

    [Fact]
    public void Truncated_or_endless_structures_are_refused_and_keep_the_previous_one()
    {
        var structure = new DependencyStructure();
        Assert.True(DependencyDescriptor.TryReadLayers(KeyframeWithStructure(0, 0), structure, out _, out _));
        // next_layer_idc never says "end" before the data runs out.
        byte[] endless = Bits((1, 1), (1, 1), (0, 6), (1, 16), (1, 1), (0, 4), (0, 6), (0, 5), (0, 16));
        Assert.False(DependencyDescriptor.TryReadLayers(endless, structure, out _, out _));
        Assert.True(DependencyDescriptor.TryReadLayers(Frame(2), structure, out _, out int temporal));
        Assert.Equal(1, temporal);
        Assert.False(DependencyDescriptor.TryReadLayers([0x80, 0x01], structure, out _, out _));
    }

    [Fact]
    public void Random_descriptors_never_throw()
    {
        var random = new Random(8);
        var structure = new DependencyStructure();
        var buffer = new byte[40];
        for (int i = 0; i < 20_000; i++)
        {
            Span<byte> value = buffer.AsSpan(0, random.Next(buffer.Length + 1));
            random.NextBytes(value);
            if (DependencyDescriptor.TryReadLayers(value, structure, out int spatial, out int temporal))
            {
                Assert.InRange(temporal, 0, 63);
                Assert.InRange(spatial, 0, 63);
            }
        }
    }
}
