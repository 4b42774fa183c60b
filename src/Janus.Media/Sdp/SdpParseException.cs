namespace Janus.Media.Sdp;

/// <summary>
/// The only exception <see cref="SessionDescription.Parse"/> throws: the text is not SDP a browser would send.
/// The gateway answers it with Janus error 465 "Invalid SDP".
/// </summary>
public sealed class SdpParseException : FormatException
{
    public SdpParseException(string message, int lineNumber)
        : base(lineNumber > 0 ? $"Invalid SDP at line {lineNumber}: {message}" : $"Invalid SDP: {message}")
    {
        LineNumber = lineNumber;
        Reason = message;
    }

    /// <summary>1-based line of the fault, or 0 when the fault is the SDP as a whole (for example, no m= line where one is needed).</summary>
    public int LineNumber { get; }

    /// <summary>The fault without the line prefix.</summary>
    public string Reason { get; }
}
