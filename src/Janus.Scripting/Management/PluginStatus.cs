namespace Janus.Scripting.Management;

public enum PluginLoadState
{
    /// <summary>Running (possibly an older version, if <see cref="PluginStatus.LastError"/> says the newest failed).</summary>
    Loaded,
    /// <summary>Never got running: the file fails to load or init.</summary>
    Failed,
    /// <summary>The file was deleted and the plugin removed.</summary>
    Unloaded,
}

/// <summary>One plugin file as the Admin API shows it.</summary>
public sealed record PluginStatus(
    string Package,
    string Language,
    string File,
    string? Version,
    PluginLoadState State,
    string? LastError,
    DateTimeOffset? LoadedAt,
    int Reloads)
{
    /// <summary>The running version's name (get_name), when one runs.</summary>
    public string? Name { get; init; }

    /// <summary>The running version's numeric version (get_version), when one runs.</summary>
    public int? VersionNumber { get; init; }

    /// <summary><see cref="LastError"/> taken apart: message, file and 1-based line (0 when unknown).</summary>
    public Janus.Core.Plugins.PluginLoadError? Error { get; init; }
}

public sealed record ScriptPluginOptions
{
    /// <summary>The folder holding lua/, js/, csx/ and native/.</summary>
    public string PluginsFolder { get; init; } = "plugins";

    public Janus.Scripting.Hosting.ScriptLimits Limits { get; init; } = Janus.Scripting.Hosting.ScriptLimits.Default;

    /// <summary>How long a file must stay quiet after a change before it is reloaded (editors save in several writes).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(50);

    public bool WatchForChanges { get; init; } = true;
}
