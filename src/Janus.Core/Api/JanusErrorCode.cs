namespace Janus.Core.Api;

/// <summary>Numeric error codes of the Janus API, as clients see them in <c>error.code</c>.</summary>
public static class JanusErrorCode
{
    public const int Unauthorized = 403;
    public const int UnauthorizedPlugin = 405;
    public const int TransportSpecific = 450;
    public const int MissingRequest = 452;
    public const int UnknownRequest = 453;
    public const int InvalidJson = 454;
    public const int InvalidJsonObject = 455;
    public const int MissingMandatoryElement = 456;
    public const int InvalidRequestPath = 457;
    public const int SessionNotFound = 458;
    public const int HandleNotFound = 459;
    public const int PluginNotFound = 460;
    public const int PluginAttach = 461;
    public const int PluginMessage = 462;
    public const int PluginDetach = 463;
    public const int JsepUnknownType = 464;
    public const int JsepInvalidSdp = 465;
    public const int TrickleInvalidStream = 466;
    public const int InvalidElementType = 467;
    public const int SessionConflict = 468;
    public const int UnexpectedAnswer = 469;
    public const int TokenNotFound = 470;
    public const int WebRtcState = 471;
    public const int NotAcceptingSessions = 472;
    public const int Unknown = 490;

    /// <summary>The default reason text for a code, worded as Janus words it.</summary>
    public static string DefaultReason(int code) => code switch
    {
        Unauthorized => "Unauthorized request (wrong or missing secret/token)",
        UnauthorizedPlugin => "Unauthorized access to plugin (token is not allowed to)",
        TransportSpecific => "Transport specific error",
        MissingRequest => "Missing request",
        UnknownRequest => "Unknown request",
        InvalidJson => "Invalid JSON",
        InvalidJsonObject => "Invalid JSON Object",
        MissingMandatoryElement => "Missing mandatory element",
        InvalidRequestPath => "Invalid path for this request",
        SessionNotFound => "Session not found",
        HandleNotFound => "Handle not found",
        PluginNotFound => "Plugin not found",
        PluginAttach => "Error attaching plugin",
        PluginMessage => "Error sending message to plugin",
        PluginDetach => "Error detaching from plugin",
        JsepUnknownType => "Unsupported JSEP type",
        JsepInvalidSdp => "Invalid SDP",
        TrickleInvalidStream => "Invalid stream",
        InvalidElementType => "Invalid element type",
        SessionConflict => "Session ID already in use",
        UnexpectedAnswer => "Unexpected ANSWER (no OFFER)",
        TokenNotFound => "Token not found",
        WebRtcState => "Wrong WebRTC state",
        NotAcceptingSessions => "Currently not accepting new sessions",
        _ => "Unknown error",
    };
}
