namespace Janus.Media.Recording;

/// <summary>What a recording holds: record.c's three media, the <c>t</c> of the file's header (a, v, d).</summary>
public enum RecordingKind
{
    Audio,
    Video,
    Data,
}
