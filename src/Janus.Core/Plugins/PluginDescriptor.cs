namespace Janus.Core.Plugins;

/// <summary>The informative getters of a plugin, listed by <c>info</c> (Janus's get_name, get_package, ...).</summary>
public sealed record PluginDescriptor(
    string Package,
    string Name,
    string Description,
    string Author,
    int Version,
    string VersionString)
{
    /// <summary>What the plugin is written in: "native", "lua", "js", "csx". Shown by <c>info</c> and the Admin API.</summary>
    public string Language { get; init; } = "native";

    /// <summary>The file the plugin was loaded from, if any.</summary>
    public string? File { get; init; }
}
