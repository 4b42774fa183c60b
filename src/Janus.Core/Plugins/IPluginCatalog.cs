namespace Janus.Core.Plugins;

/// <summary>
/// The set of loaded plugins, found by package name as <c>attach</c> expects. Implemented by the gateway;
/// the script runtimes add and remove plugins through it as files appear and disappear.
/// </summary>
public interface IPluginCatalog
{
    IReadOnlyCollection<IPlugin> Plugins { get; }

    bool TryGet(string package, out IPlugin plugin);

    /// <summary>Initialises the plugin (with the gateway and its configuration) and makes it attachable. Throws if init fails or the package is taken.</summary>
    ValueTask AddAsync(IPlugin plugin, CancellationToken cancellationToken = default);

    /// <summary>Detaches every handle of the plugin (clients get <c>detached</c>), then destroys and forgets it.</summary>
    ValueTask RemoveAsync(string package);
}
