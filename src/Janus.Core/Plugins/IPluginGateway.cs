using System.Text.Json.Nodes;

namespace Janus.Core.Plugins;

/// <summary>
/// What a plugin may call on the server: Janus's <c>janus_callbacks</c>.
/// Safe to call from any thread. Packet calls do not keep the buffer after they return.
/// </summary>
public interface IPluginGateway
{
    /// <summary>
    /// Sends an event to the handle's client (<c>janus: "event"</c> with <c>plugindata</c>), with an optional
    /// JSEP offer or answer that the media core completes with ICE and DTLS attributes.
    /// Returns 0 or a Janus error code (458, 459, 465, ...).
    /// </summary>
    int PushEvent(PluginHandle handle, string? transaction, JsonObject message, JsonObject? jsep);

    void RelayRtp(PluginHandle handle, RtpPacket packet);
    void RelayRtcp(PluginHandle handle, RtcpPacket packet);
    void RelayData(PluginHandle handle, DataPacket packet);

    /// <summary>Asks the peer for a keyframe on every video stream (mindex &lt; 0) or one.</summary>
    void SendPli(PluginHandle handle, int mindex = -1);

    void SendRemb(PluginHandle handle, uint bitrate);

    /// <summary>Tears the PeerConnection down; the core then calls <see cref="IPlugin.HangupMedia"/>.</summary>
    void ClosePc(PluginHandle handle);

    /// <summary>Detaches the handle; the core then calls <see cref="IPlugin.DestroySessionAsync"/>.</summary>
    void EndSession(PluginHandle handle);

    bool EventsIsEnabled { get; }

    /// <summary>Hands an event to the event handlers; <paramref name="handle"/> null means not bound to a handle.</summary>
    void NotifyEvent(string plugin, PluginHandle? handle, JsonObject evt);

    /// <summary>Whether token authentication with signed tokens is on.</summary>
    bool AuthIsSigned { get; }

    bool AuthIsSignatureValid(string plugin, string token);

    bool AuthSignatureContains(string plugin, string token, string descriptor);
}
