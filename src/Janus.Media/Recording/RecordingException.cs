namespace Janus.Media.Recording;

/// <summary>A recording could not be started; the message says why, in Janus's words where it has them.</summary>
public sealed class RecordingException : Exception
{
    public RecordingException(string message)
        : base(message)
    {
    }

    public RecordingException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
