using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Janus.Core.Api;
using Janus.Core.Logging;

namespace Janus.Core.Plugins;

/// <summary>
/// The loaded plugins, by package. Adding initialises a plugin with the gateway and its configuration
/// (<c>CONFIG_FOLDER/PACKAGE.jcfg</c>, read by the loader given to <see cref="JanusCore"/>); removing detaches
/// every handle attached to it first, so clients see <c>detached</c>.
/// </summary>
public sealed class PluginCatalog : IPluginCatalog
{
    private readonly ConcurrentDictionary<string, IPlugin> _plugins = new(StringComparer.Ordinal);
    private readonly JanusCore _core;
    private readonly string _configFolder;
    private readonly Func<string, JsonObject?>? _configLoader;

    internal PluginCatalog(JanusCore core, string configFolder, Func<string, JsonObject?>? configLoader)
    {
        _core = core;
        _configFolder = configFolder;
        _configLoader = configLoader;
    }

    public IReadOnlyCollection<IPlugin> Plugins => (IReadOnlyCollection<IPlugin>)_plugins.Values;

    public bool TryGet(string package, out IPlugin plugin) => _plugins.TryGetValue(package, out plugin!);

    public async ValueTask AddAsync(IPlugin plugin, CancellationToken cancellationToken = default)
    {
        string package = plugin.Descriptor.Package;
        if (_plugins.ContainsKey(package))
        {
            throw new InvalidOperationException($"A plugin with package '{package}' is already loaded");
        }
        string configPath = Path.Combine(_configFolder, package + ".jcfg");
        JsonObject? config = _configLoader?.Invoke(configPath);
        var context = new PluginContext(_configFolder, config, File.Exists(configPath) ? configPath : null);
        await plugin.InitAsync(_core.Gateway, context, cancellationToken).ConfigureAwait(false);
        if (!_plugins.TryAdd(package, plugin))
        {
            await plugin.DestroyAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"A plugin with package '{package}' is already loaded");
        }
        JanusLog.Info($"Loaded plugin: {plugin.Descriptor.Name} ({package}) {plugin.Descriptor.VersionString}");
    }

    public async ValueTask RemoveAsync(string package)
    {
        if (!_plugins.TryRemove(package, out IPlugin? plugin))
        {
            return;
        }
        await _core.DetachAllOfPluginAsync(package).ConfigureAwait(false);
        await DestroyAsync(plugin).ConfigureAwait(false);
    }

    internal async Task DestroyAllAsync()
    {
        foreach (string package in _plugins.Keys)
        {
            if (_plugins.TryRemove(package, out IPlugin? plugin))
            {
                await DestroyAsync(plugin).ConfigureAwait(false);
            }
        }
    }

    private static async Task DestroyAsync(IPlugin plugin)
    {
        try
        {
            await plugin.DestroyAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            JanusLog.Error($"Plugin {plugin.Descriptor.Package} failed to stop: {ex.Message}");
        }
    }
}
