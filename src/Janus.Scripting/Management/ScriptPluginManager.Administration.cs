using Janus.Core.Plugins;

namespace Janus.Scripting.Management;

/// <summary>The manager as the Admin API sees it (<c>list_plugins</c>, <c>reload_plugins</c>).</summary>
public sealed partial class ScriptPluginManager : IPluginAdministration
{
    IReadOnlyList<PluginFileStatus> IPluginAdministration.ListPlugins() => ToFileStatuses(Status);

    async Task<IReadOnlyList<PluginFileStatus>> IPluginAdministration.ReloadPluginsAsync(string? package) =>
        ToFileStatuses(await ReloadAsync(package).ConfigureAwait(false));

    private static PluginFileStatus[] ToFileStatuses(IReadOnlyList<PluginStatus> statuses)
    {
        var list = new PluginFileStatus[statuses.Count];
        for (int i = 0; i < list.Length; i++)
        {
            PluginStatus s = statuses[i];
            PluginLoadError? error = s.Error ?? (s.LastError is null ? null : new PluginLoadError(s.LastError, s.File, 0));
            PluginFileState state = s.State switch
            {
                PluginLoadState.Loaded => PluginFileState.Loaded,
                PluginLoadState.Failed => PluginFileState.Failed,
                _ => PluginFileState.Unloaded,
            };
            list[i] = new PluginFileStatus(s.Package, s.Name, s.Language, s.File, s.VersionNumber, s.Version, state, error, s.LoadedAt, s.Reloads);
        }

        return list;
    }
}
