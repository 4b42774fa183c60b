namespace Janus.Media.Sdp;

/// <summary>The DTLS role attribute <c>a=setup</c> (RFC 4145 §4, RFC 8842 §5).</summary>
public enum SdpSetup
{
    None = 0,
    Active,
    Passive,
    ActPass,
    HoldConn,
}

public static class SdpSetups
{
    public static string? ToAttributeValue(this SdpSetup setup) => setup switch
    {
        SdpSetup.Active => "active",
        SdpSetup.Passive => "passive",
        SdpSetup.ActPass => "actpass",
        SdpSetup.HoldConn => "holdconn",
        _ => null,
    };

    public static SdpSetup Parse(string? value) => value?.Trim() switch
    {
        "active" => SdpSetup.Active,
        "passive" => SdpSetup.Passive,
        "actpass" => SdpSetup.ActPass,
        "holdconn" => SdpSetup.HoldConn,
        _ => SdpSetup.None,
    };
}
