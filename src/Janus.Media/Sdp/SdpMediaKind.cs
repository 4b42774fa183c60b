namespace Janus.Media.Sdp;

/// <summary>The <c>m=</c> media type as the core treats it.</summary>
public enum SdpMediaKind
{
    Other = 0,
    Audio,
    Video,
    Application,
}
