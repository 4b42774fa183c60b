namespace Janus.Media.Rtp;

/// <summary>
/// Where a video packet sits in a scalable stream, from the Dependency Descriptor (AV1 RTP specification, appendix
/// A): its frame's spatial and temporal layer, and whether it starts or ends that layer's frame.
/// </summary>
public readonly record struct FrameLayers(int Spatial, int Temporal, bool StartOfFrame, bool EndOfFrame, bool Known)
{
    public static FrameLayers Unknown => default;
}
