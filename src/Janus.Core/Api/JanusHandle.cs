using Janus.Core.Plugins;

namespace Janus.Core.Api;

/// <summary>A handle of a session: the plugin it is attached to and what the plugin sees of it.</summary>
internal sealed class JanusHandle
{
    public JanusHandle(JanusSession session, PluginHandle pluginHandle, IPlugin plugin)
    {
        Session = session;
        PluginHandle = pluginHandle;
        Plugin = plugin;
        CreatedMicros = session.Time.Microseconds();
    }

    public long Id => PluginHandle.HandleId;
    public JanusSession Session { get; }
    public PluginHandle PluginHandle { get; }
    public IPlugin Plugin { get; }
    public long CreatedMicros { get; }
}
