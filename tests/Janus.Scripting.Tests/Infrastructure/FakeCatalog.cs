using System.Collections.Concurrent;
using Janus.Core.Plugins;

namespace Janus.Scripting.Tests.Infrastructure;

/// <summary>A catalog that initialises what it is given with a fake gateway and detaches tracked handles on removal.</summary>
internal sealed class FakeCatalog(string configFolder) : IPluginCatalog
{
    private readonly ConcurrentDictionary<string, IPlugin> _plugins = new();

    public FakeGateway Gateway { get; } = new();
    public ConcurrentQueue<string> Removed { get; } = new();
    public ConcurrentDictionary<PluginHandle, string> Handles { get; } = new();

    public IReadOnlyCollection<IPlugin> Plugins => [.. _plugins.Values];

    public bool TryGet(string package, out IPlugin plugin) => _plugins.TryGetValue(package, out plugin!);

    public async ValueTask AddAsync(IPlugin plugin, CancellationToken cancellationToken = default)
    {
        string package = plugin.Descriptor.Package;
        if (_plugins.ContainsKey(package))
        {
            throw new InvalidOperationException($"{package} is already loaded");
        }

        await plugin.InitAsync(Gateway, new PluginContext(configFolder, null, null), cancellationToken);
        _plugins[package] = plugin;
    }

    public async ValueTask RemoveAsync(string package)
    {
        if (!_plugins.TryRemove(package, out IPlugin? plugin))
        {
            return;
        }

        foreach ((PluginHandle handle, string owner) in Handles)
        {
            if (owner == package && handle.MarkStopped())
            {
                await plugin.DestroySessionAsync(handle);
            }
        }

        await plugin.DestroyAsync();
        Removed.Enqueue(package);
    }

    public async Task<PluginHandle> AttachAsync(string package)
    {
        IPlugin plugin = _plugins[package];
        PluginHandle handle = ScriptFixture.NewHandle();
        handle.Plugin = package;
        await plugin.CreateSessionAsync(handle);
        Handles[handle] = package;
        return handle;
    }
}
