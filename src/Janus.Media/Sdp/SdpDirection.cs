namespace Janus.Media.Sdp;

/// <summary>The media direction attributes (RFC 8866 §6.7); <see cref="None"/> means no direction attribute (sendrecv by default).</summary>
public enum SdpDirection
{
    None = 0,
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

public static class SdpDirections
{
    public static string? ToAttributeName(this SdpDirection direction) => direction switch
    {
        SdpDirection.SendRecv => "sendrecv",
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        SdpDirection.Inactive => "inactive",
        _ => null,
    };

    public static SdpDirection FromAttributeName(string? name) => name switch
    {
        "sendrecv" => SdpDirection.SendRecv,
        "sendonly" => SdpDirection.SendOnly,
        "recvonly" => SdpDirection.RecvOnly,
        "inactive" => SdpDirection.Inactive,
        _ => SdpDirection.None,
    };

    internal static bool IsDirectionName(string name) => FromAttributeName(name) != SdpDirection.None;

    /// <summary>Whether the side that wrote this direction sends media. An absent direction means sendrecv (RFC 8866 §6.7).</summary>
    public static bool Sends(this SdpDirection direction) => direction is SdpDirection.SendRecv or SdpDirection.SendOnly or SdpDirection.None;

    public static bool Receives(this SdpDirection direction) => direction is SdpDirection.SendRecv or SdpDirection.RecvOnly or SdpDirection.None;

    public static SdpDirection From(bool sends, bool receives) => (sends, receives) switch
    {
        (true, true) => SdpDirection.SendRecv,
        (true, false) => SdpDirection.SendOnly,
        (false, true) => SdpDirection.RecvOnly,
        _ => SdpDirection.Inactive,
    };

    /// <summary>The direction seen from the other side: sendonly becomes recvonly and so on (RFC 3264 §6.1).</summary>
    public static SdpDirection Reverse(this SdpDirection direction) => From(direction.Receives(), direction.Sends());

    /// <summary>
    /// The answer's direction for an offered one, limited by what the answerer wants (null: all the offer allows).
    /// The answerer sends only if the offerer receives, and receives only if the offerer sends (RFC 3264 §6.1).
    /// </summary>
    public static SdpDirection AnswerTo(SdpDirection offered, SdpDirection? wanted)
    {
        bool send = offered.Receives() && (wanted is null || wanted.Value.Sends());
        bool receive = offered.Sends() && (wanted is null || wanted.Value.Receives());
        return From(send, receive);
    }
}
