namespace Janus.Media.Rtp;

/// <summary>
/// The template structure a sender's Dependency Descriptor announces on keyframes (AV1 RTP specification,
/// appendix A.8.3): which spatial and temporal layer each frame template belongs to. Kept per stream, because a
/// frame's descriptor only names its template.
/// </summary>
public sealed class DependencyStructure
{
    internal const int MaxTemplates = 64;

    internal readonly byte[] SpatialIds = new byte[MaxTemplates];
    internal readonly byte[] TemporalIds = new byte[MaxTemplates];

    internal int TemplateIdOffset { get; set; }
    internal int TemplateCount { get; set; }

    /// <summary>Whether a structure has been seen yet (descriptors before it cannot be placed).</summary>
    public bool Known => TemplateCount > 0;
}

/// <summary>
/// Reads the spatial and temporal layer of a frame from the Dependency Descriptor RTP header extension, which
/// libwebrtc sends for VP8, VP9 and AV1 when it is negotiated, instead of the codec's own layer fields.
/// </summary>
public static class DependencyDescriptor
{
    /// <summary>
    /// Parses <paramref name="value"/> (the extension's bytes), learning a template structure if it carries one,
    /// and gives the frame's layers. False when the descriptor is malformed or no structure is known yet.
    /// </summary>
    public static bool TryReadLayers(ReadOnlySpan<byte> value, DependencyStructure structure, out int spatialLayer, out int temporalLayer) =>
        TryReadLayers(value, structure, out spatialLayer, out temporalLayer, out _, out _);

    /// <summary>As above, with the frame boundary flags of the mandatory fields (a layer's frame starts / ends here).</summary>
    public static bool TryReadLayers(ReadOnlySpan<byte> value, DependencyStructure structure, out int spatialLayer, out int temporalLayer,
        out bool startOfFrame, out bool endOfFrame)
    {
        spatialLayer = temporalLayer = -1;
        startOfFrame = value.Length > 0 && (value[0] & 0x80) != 0;
        endOfFrame = value.Length > 0 && (value[0] & 0x40) != 0;
        if (value.Length < 3)
        {
            return false;
        }
        // Mandatory fields (A.8.2): start and end of frame, the template id (6 bits), the frame number (16 bits).
        int templateId = value[0] & 0x3F;
        if (value.Length > 3)
        {
            var bits = new BitReader(value.Slice(3));
            bool structurePresent = bits.Read(1) == 1;
            bits.Read(4); // active decode targets present, custom dtis, custom fdiffs, custom chains
            if (structurePresent && !TryReadStructure(ref bits, structure))
            {
                return false;
            }
        }
        if (!structure.Known)
        {
            return false;
        }
        int index = (templateId - structure.TemplateIdOffset + DependencyStructure.MaxTemplates) % DependencyStructure.MaxTemplates;
        if (index >= structure.TemplateCount)
        {
            return false;
        }
        spatialLayer = structure.SpatialIds[index];
        temporalLayer = structure.TemporalIds[index];
        return true;
    }

    // template_dependency_structure() up to template_layers(): the layers are all a relay needs (A.8.3.1-2).
    private static bool TryReadStructure(ref BitReader bits, DependencyStructure structure)
    {
        int offset = bits.Read(6);
        bits.Read(5); // dt_cnt_minus_one
        int count = 0, spatial = 0, temporal = 0;
        Span<byte> spatialIds = stackalloc byte[DependencyStructure.MaxTemplates];
        Span<byte> temporalIds = stackalloc byte[DependencyStructure.MaxTemplates];
        int next;
        do
        {
            if (count == DependencyStructure.MaxTemplates)
            {
                return false;
            }
            spatialIds[count] = (byte)spatial;
            temporalIds[count] = (byte)temporal;
            count++;
            next = bits.Read(2);
            if (next == 1)
            {
                temporal++;
            }
            else if (next == 2)
            {
                temporal = 0;
                spatial++;
            }
            if (bits.Overrun)
            {
                return false;
            }
        }
        while (next != 3);
        spatialIds.Slice(0, count).CopyTo(structure.SpatialIds);
        temporalIds.Slice(0, count).CopyTo(structure.TemporalIds);
        structure.TemplateIdOffset = offset;
        structure.TemplateCount = count;
        return true;
    }

    private ref struct BitReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly bool Overrun => _position > _data.Length * 8;

        public int Read(int count)
        {
            int value = 0;
            for (int i = 0; i < count; i++, _position++)
            {
                int bit = _position < _data.Length * 8 ? (_data[_position >> 3] >> (7 - (_position & 7))) & 1 : 0;
                value = (value << 1) | bit;
            }
            return value;
        }
    }
}
