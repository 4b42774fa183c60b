using System.Net;
using System.Text.Json.Nodes;
using Janus.Core.Plugins;

namespace Janus.Core.Media;

/// <summary>
/// The WebRTC media core as the gateway sees it. Implemented by Janus.Media; the gateway calls it
/// for JSEP, trickle and hangup, and forwards plugin packet calls to it.
/// </summary>
public interface IMediaEngine
{
    /// <summary>
    /// A handle attached to <paramref name="plugin"/>: its media (routes, layers, sends) in the core, kept until
    /// <see cref="Release"/>. Every PeerConnection the handle negotiates later relays through it.
    /// </summary>
    IHandleMedia Attach(PluginHandle handle, IPlugin plugin);

    /// <summary>
    /// A client's message carried a JSEP. Checks it, sets up or updates the PeerConnection and returns the JSEP
    /// to hand to the plugin (Janus adds <c>update: true</c> on renegotiation), or a Janus error (464, 465, 469, 471).
    /// </summary>
    JsepOutcome ProcessRemoteJsep(PluginHandle handle, JsonObject jsep);

    /// <summary>
    /// A plugin pushed a JSEP: completes it with ICE credentials, DTLS fingerprint and setup, candidates,
    /// and starts ICE. Returns the JSEP the client gets, or an error.
    /// </summary>
    JsepOutcome PrepareLocalJsep(PluginHandle handle, JsonObject jsep);

    /// <summary>
    /// The event carrying the JSEP from <see cref="PrepareLocalJsep"/> is on its way to the client: with full trickle
    /// the core may now trickle its candidates (they would mean nothing to a client without that SDP).
    /// </summary>
    void LocalJsepSent(PluginHandle handle);

    /// <summary>A <c>trickle</c> request: one candidate object, or <c>{"completed": true}</c>. Returns 0 or an error code.</summary>
    int Trickle(PluginHandle handle, JsonObject candidate);

    /// <summary>Closes the PeerConnection (the <c>hangup</c> request, <c>close_pc</c>); reports it through <see cref="IMediaEvents.HangupMedia"/>.</summary>
    void Hangup(PluginHandle handle, string reason);

    /// <summary>The handle is going away: free everything of it (its PeerConnection, routes, recordings), silently.</summary>
    void Release(PluginHandle handle);

    /// <summary>
    /// The members the core adds to the Admin API's <c>handle_info</c> (Janus's <c>flags</c>, <c>agent-created</c>,
    /// <c>ice-mode</c>, <c>ice-role</c>, <c>sdps</c>, <c>webrtc</c>), or null if the handle has no PeerConnection.
    /// </summary>
    JsonObject? Query(PluginHandle handle);

    /// <summary>The Admin API's <c>resolve_address</c>: the first address a name resolves to, or null.</summary>
    Task<IPAddress?> ResolveAddressAsync(string address);

    /// <summary>
    /// The Admin API's <c>test_stun</c>: the public address a STUN server at <paramref name="server"/> sees for a
    /// socket bound to <paramref name="localPort"/> (0: any), or null when it does not answer.
    /// </summary>
    Task<IPEndPoint?> TestStunAsync(IPEndPoint server, int localPort);

}

/// <summary>Either a JSEP or a Janus error.</summary>
public readonly record struct JsepOutcome(JsonObject? Jsep, int ErrorCode, string? ErrorReason)
{
    public bool IsError => ErrorCode != 0;
    public static JsepOutcome Success(JsonObject jsep) => new(jsep, 0, null);
    public static JsepOutcome Failure(int code, string reason) => new(null, code, reason);
}

/// <summary>
/// What the media core reports to the gateway, which turns each into a Janus API event and plugin call.
/// Packets do not pass here: the core relays them, or hands them to the plugin that asked for them.
/// </summary>
public interface IMediaEvents
{
    /// <summary>ICE and DTLS are done: the gateway sends <c>webrtcup</c> and calls the plugin's SetupMedia.</summary>
    void WebRtcUp(PluginHandle handle);

    /// <summary>Media of one m-line started or stopped arriving: the <c>media</c> event.</summary>
    void MediaState(PluginHandle handle, string mid, string type, bool receiving, int? substream = null, int? seconds = null);

    /// <summary>Loss over the threshold: the <c>slowlink</c> event and the plugin's SlowLink.</summary>
    void SlowLink(PluginHandle handle, string mid, string media, bool uplink, int lost, int mindex, bool video);

    /// <summary>The PeerConnection is gone: the <c>hangup</c> event with the reason and the plugin's HangupMedia.</summary>
    void HangupMedia(PluginHandle handle, string reason);

    /// <summary>ICE failed: the <c>ice-failed</c> event.</summary>
    void IceFailed(PluginHandle handle);

    /// <summary>A local candidate to trickle to the client (full trickle), or null for end-of-candidates.</summary>
    void LocalCandidate(PluginHandle handle, JsonObject? candidate);
}
