namespace Janus.Core.Plugins;

/// <summary>
/// What the Admin API's <c>list_plugins</c> and <c>reload_plugins</c> need from whoever loads plugins from files
/// (the script plugin manager). Registered on the core as <c>JanusCore.PluginAdministration</c>; without one,
/// both requests are refused. Members are safe to call from any thread.
/// </summary>
public interface IPluginAdministration
{
    /// <summary>Every plugin file known, loaded or not, with its state and last error.</summary>
    IReadOnlyList<PluginFileStatus> ListPlugins();

    /// <summary>
    /// Reloads one plugin (by package), changed or not; or, with null, brings every plugin file in line with the
    /// disk: new files are added, deleted ones removed, changed ones reloaded, and unchanged ones left running as
    /// they are (reloading a compiled plugin detaches its handles). Answers the statuses afterwards. A version that
    /// fails to load leaves the running one in place.
    /// </summary>
    Task<IReadOnlyList<PluginFileStatus>> ReloadPluginsAsync(string? package);
}
