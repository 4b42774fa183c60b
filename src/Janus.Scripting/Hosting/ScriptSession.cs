using Janus.Core.Plugins;

namespace Janus.Scripting.Hosting;

/// <summary>
/// What a script plugin keeps per handle, stored in <see cref="PluginHandle.PluginState"/>: the id the script sees
/// (a random 32-bit id, as Janus's script plugins use). Owned by the proxy, so it survives every reload of the script.
/// The handle's media (routes, layers, recordings) is the media core's: <see cref="PluginHandle.Media"/>.
/// </summary>
internal sealed class ScriptSession(long id, PluginHandle handle)
{
    public long Id { get; } = id;
    public PluginHandle Handle { get; } = handle;

    /// <summary>The handle's media in the core, or null on a server without one.</summary>
    public IHandleMedia? Media => Handle.Media;

    /// <summary>setupMedia was called and hangupMedia not yet: replayed to a new version that imports no state.</summary>
    public volatile bool MediaUp;

    /// <summary>The PeerConnection's media is end-to-end encrypted (a JSEP said "e2ee": true); recordings are marked so. Cleared on hangup.</summary>
    public volatile bool E2ee;
}
