namespace Janus.Core.Plugins;

/// <summary>
/// What a plugin sees of one attached handle (Janus's <c>janus_plugin_session</c>).
/// The gateway creates it on <c>attach</c> and keeps it until <c>detach</c>; the plugin keeps
/// its own per-handle state in <see cref="PluginState"/>; <see cref="Media"/> is the handle's media as the core relays it.
/// </summary>
public sealed class PluginHandle
{
    private int _stopped;

    public PluginHandle(long sessionId, long handleId, string? opaqueId, string? token = null)
    {
        SessionId = sessionId;
        HandleId = handleId;
        OpaqueId = opaqueId;
        Token = token;
    }

    public long SessionId { get; }
    public long HandleId { get; }
    public string? OpaqueId { get; }

    /// <summary>The token the handle was attached with, when token authentication is on.</summary>
    public string? Token { get; }

    /// <summary>The package of the plugin this handle is attached to (set by the gateway on attach).</summary>
    public string Plugin { get; set; } = "";

    /// <summary>Owned by the plugin: whatever it keeps per handle. Survives a hot reload of the plugin.</summary>
    public object? PluginState { get; set; }

    /// <summary>
    /// The handle's media in the media core (routes, layers, sends), set by the gateway on attach when the server
    /// has a media core; null otherwise. Plugins shape media through it; packets never pass through the plugin.
    /// </summary>
    public IHandleMedia? Media { get; set; }

    /// <summary>True once the handle is being detached: plugins must stop using it.</summary>
    public bool IsStopped => Volatile.Read(ref _stopped) != 0;

    /// <summary>Marks the handle stopped; returns false if it already was.</summary>
    public bool MarkStopped() => Interlocked.Exchange(ref _stopped, 1) == 0;

    public override string ToString() => $"[{HandleId}]";
}
