namespace Janus.Media.Rtp.Codecs;

/// <summary>
/// The VP8 payload descriptor at the start of a VP8 RTP payload (RFC 7741 §4.2): where its picture id and
/// TL0PICIDX sit, the temporal layer, and whether the packet starts a keyframe. Offsets are into the payload,
/// so a relay can rewrite the ids in place.
/// </summary>
public readonly struct Vp8Descriptor
{
    private Vp8Descriptor(int pictureIdOffset, bool longPictureId, int tl0PicIdxOffset, int temporalLayer, bool layerSync, int length, bool startOfPartition, int partitionId)
    {
        HasTemporalLayer = temporalLayer >= 0;
        temporalLayer = Math.Max(0, temporalLayer);
        PictureIdOffset = pictureIdOffset;
        LongPictureId = longPictureId;
        Tl0PicIdxOffset = tl0PicIdxOffset;
        TemporalLayer = temporalLayer;
        LayerSync = layerSync;
        Length = length;
        StartOfPartition = startOfPartition;
        PartitionId = partitionId;
    }

    /// <summary>Offset of the picture id, -1 when absent (I bit clear).</summary>
    public int PictureIdOffset { get; }

    /// <summary>A 15-bit picture id (M bit set) rather than a 7-bit one.</summary>
    public bool LongPictureId { get; }

    /// <summary>Offset of TL0PICIDX, -1 when absent (L bit clear).</summary>
    public int Tl0PicIdxOffset { get; }

    /// <summary>The TID field (0 when absent, as for a stream without temporal layers).</summary>
    public int TemporalLayer { get; }

    /// <summary>Whether the descriptor carries a TID at all (T bit).</summary>
    public bool HasTemporalLayer { get; }

    /// <summary>The Y bit: the frame depends only on the base layer's frames.</summary>
    public bool LayerSync { get; }

    /// <summary>Bytes of the descriptor; the VP8 payload header follows.</summary>
    public int Length { get; }

    public bool StartOfPartition { get; }

    public int PartitionId { get; }

    /// <summary>Parses the descriptor; false when the payload is too short for what its flags announce.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8Descriptor descriptor)
    {
        descriptor = default;
        if (payload.Length < 1)
        {
            return false;
        }
        byte first = payload[0];
        int offset = 1;
        int pictureIdOffset = -1, tl0Offset = -1, tid = -1;
        bool longId = false, sync = false;
        if ((first & 0x80) != 0)
        {
            if (payload.Length < 2)
            {
                return false;
            }
            byte extended = payload[1];
            offset = 2;
            if ((extended & 0x80) != 0)
            {
                if (payload.Length < offset + 1)
                {
                    return false;
                }
                pictureIdOffset = offset;
                longId = (payload[offset] & 0x80) != 0;
                offset += longId ? 2 : 1;
            }
            if ((extended & 0x40) != 0)
            {
                tl0Offset = offset;
                offset++;
            }
            if ((extended & 0x30) != 0)
            {
                if (payload.Length < offset + 1)
                {
                    return false;
                }
                if ((extended & 0x20) != 0)
                {
                    tid = payload[offset] >> 6;
                    sync = (payload[offset] & 0x20) != 0;
                }
                offset++;
            }
            if (payload.Length < offset)
            {
                return false;
            }
        }
        descriptor = new Vp8Descriptor(pictureIdOffset, longId, tl0Offset, tid, sync, offset, (first & 0x10) != 0, first & 0x07);
        return true;
    }

    /// <summary>The picture id (7 or 15 bits), or -1 when absent.</summary>
    public int ReadPictureId(ReadOnlySpan<byte> payload) => PictureIdOffset < 0
        ? -1
        : LongPictureId ? ((payload[PictureIdOffset] & 0x7F) << 8) | payload[PictureIdOffset + 1] : payload[PictureIdOffset] & 0x7F;

    /// <summary>Writes a picture id of the same width as the one there (the value is wrapped to fit).</summary>
    public void WritePictureId(Span<byte> payload, int pictureId)
    {
        if (PictureIdOffset < 0)
        {
            return;
        }
        if (LongPictureId)
        {
            payload[PictureIdOffset] = (byte)(0x80 | ((pictureId >> 8) & 0x7F));
            payload[PictureIdOffset + 1] = (byte)pictureId;
        }
        else
        {
            payload[PictureIdOffset] = (byte)(pictureId & 0x7F);
        }
    }

    /// <summary>
    /// Whether the packet carries the start of a keyframe: first packet of partition 0, and the frame tag's P bit
    /// (inverse key frame flag, RFC 6386 §9.1) clear with the keyframe start code after it.
    /// </summary>
    public bool IsKeyframeStart(ReadOnlySpan<byte> payload)
    {
        if (!StartOfPartition || PartitionId != 0 || payload.Length < Length + 6)
        {
            return false;
        }
        ReadOnlySpan<byte> frame = payload.Slice(Length);
        return (frame[0] & 0x01) == 0 && frame[3] == 0x9D && frame[4] == 0x01 && frame[5] == 0x2A;
    }
}
