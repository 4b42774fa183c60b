namespace Janus.Core.Plugins;

public enum PluginFileState
{
    /// <summary>Running; if <see cref="PluginFileStatus.LastError"/> is set, the newest version failed and an older one runs.</summary>
    Loaded,

    /// <summary>Never got running: the file fails to load or initialise.</summary>
    Failed,

    /// <summary>The file was deleted and its plugin removed.</summary>
    Unloaded,
}

/// <summary>Where and why a plugin file failed to load. <paramref name="Line"/> is 1-based, 0 when unknown.</summary>
public sealed record PluginLoadError(string Message, string? File, int Line);

/// <summary>One plugin file as <c>list_plugins</c> shows it.</summary>
public sealed record PluginFileStatus(
    string Package,
    string? Name,
    string Language,
    string File,
    int? Version,
    string? VersionString,
    PluginFileState State,
    PluginLoadError? LastError,
    DateTimeOffset? LoadedAt,
    int Reloads);
