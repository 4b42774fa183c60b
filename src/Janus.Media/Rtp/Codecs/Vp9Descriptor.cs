namespace Janus.Media.Rtp.Codecs;

/// <summary>
/// The layer fields of a VP9 payload descriptor (RFC 9628 §4.2): which spatial and temporal layer the packet's
/// layer frame belongs to, whether it starts or ends it, and whether the encoder allows switching up here.
/// </summary>
public readonly record struct Vp9Descriptor(
    bool HasLayers, int Spatial, int Temporal, bool SwitchingUp, bool StartOfFrame, bool EndOfFrame, bool Flexible, bool InterPicture)
{
    /// <summary>Parses the first octets of a VP9 payload; false when it is too short for what its flags announce.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp9Descriptor descriptor)
    {
        descriptor = default;
        if (payload.Length < 1)
        {
            return false;
        }
        byte first = payload[0];
        bool pictureId = (first & 0x80) != 0, interPicture = (first & 0x40) != 0, layers = (first & 0x20) != 0;
        bool flexible = (first & 0x10) != 0, begin = (first & 0x08) != 0, end = (first & 0x04) != 0;
        int offset = 1;
        if (pictureId)
        {
            if (payload.Length < offset + 1)
            {
                return false;
            }
            offset += (payload[offset] & 0x80) != 0 ? 2 : 1;
        }
        int spatial = 0, temporal = 0;
        bool switchingUp = false;
        if (layers)
        {
            if (payload.Length < offset + 1)
            {
                return false;
            }
            byte layer = payload[offset];
            temporal = layer >> 5;
            switchingUp = (layer & 0x10) != 0;
            spatial = (layer >> 1) & 0x07;
        }
        descriptor = new Vp9Descriptor(layers, spatial, temporal, switchingUp, begin, end, flexible, interPicture);
        return true;
    }
}
