using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Janus.Core.Logging;
using Janus.Core.Plugins;
using Janus.Media.Sdp;
using Janus.Scripting.Hosting;
using Janus.Scripting.Native;

namespace Janus.Scripting.Management;

/// <summary>
/// Turns the files under plugins/{lua,js,csx,native} into plugins in the catalog and keeps them in step with the
/// disk: a new file is added, a changed file is loaded beside the running version and takes over only if it loads
/// and initialises, a deleted file removes its plugin. Errors (file, line, message) are logged and kept in
/// <see cref="Status"/> for the Admin API. File events are debounced; loads run one at a time.
/// A file whose content is the same as when it was last loaded is left alone (editors and builds touch files
/// without changing them, and a raw compiled plugin cannot be replaced without detaching its handles); only a
/// reload asked for by package name loads an unchanged file again.
/// </summary>
public sealed partial class ScriptPluginManager : IAsyncDisposable
{
    private const string NativeFolder = "native";
    private static readonly string[] ScriptFolders = ["lua", "js", "csx"];

    private readonly IPluginCatalog _catalog;
    private readonly ScriptPluginOptions _options;
    private readonly ISdpAnswerer _answerer;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Timer> _pending = new(StringComparer.Ordinal);
    private readonly string _root;
    private FileSystemWatcher? _watcher;
    private volatile PluginStatus[] _status = [];

    public ScriptPluginManager(IPluginCatalog catalog, ScriptPluginOptions options, ISdpAnswerer? answerer = null)
    {
        _catalog = catalog;
        _options = options;
        _answerer = answerer ?? MissingSdpAnswerer.Instance;
        _root = Path.GetFullPath(options.PluginsFolder);
    }

    /// <summary>Every plugin file known, with its state and last error.</summary>
    public IReadOnlyList<PluginStatus> Status => _status;

    /// <summary>Raised after each load, reload attempt or unload.</summary>
    public event Action<PluginStatus>? StatusChanged;

    /// <summary>Loads every plugin found, then (if enabled) starts watching the folders.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        foreach (string file in FindPluginFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            await SyncAsync(file).ConfigureAwait(false);
        }

        if (_options.WatchForChanges && Directory.Exists(_root))
        {
            _watcher = new FileSystemWatcher(_root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName,
            };
            _watcher.Changed += (_, e) => Schedule(e.FullPath);
            _watcher.Created += (_, e) => Schedule(e.FullPath);
            _watcher.Deleted += (_, e) => Schedule(e.FullPath);
            _watcher.Renamed += (_, e) =>
            {
                Schedule(e.OldFullPath);
                Schedule(e.FullPath);
            };
            _watcher.EnableRaisingEvents = true;
        }
    }

    /// <summary>
    /// Reloads one plugin (by package), even when its file has not changed; or, without a package, brings every
    /// file in line with the disk: new files load, deleted ones unload, changed ones reload and unchanged ones keep
    /// running untouched. Answers the resulting statuses.
    /// </summary>
    public async Task<IReadOnlyList<PluginStatus>> ReloadAsync(string? package = null)
    {
        List<string> files;
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            files = [];
            foreach (Entry entry in _entries.Values)
            {
                if (package is null || entry.Status.Package == package)
                {
                    files.Add(entry.File);
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        if (package is null)
        {
            foreach (string file in FindPluginFiles())
            {
                if (!files.Contains(file))
                {
                    files.Add(file);
                }
            }
        }

        foreach (string file in files)
        {
            await SyncAsync(file, force: package is not null).ConfigureAwait(false);
        }

        return Status;
    }

    public async ValueTask DisposeAsync()
    {
        _watcher?.Dispose();
        foreach (Timer timer in _pending.Values)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        _pending.Clear();
    }

    /// <summary>
    /// Brings one file's plugin in line with the disk: add, replace, or remove. A running plugin whose file has the
    /// content it was loaded from is kept as it is unless <paramref name="force"/> is set.
    /// </summary>
    internal async Task SyncAsync(string file, bool force = false)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _entries.TryGetValue(file, out Entry? entry);
            if (!System.IO.File.Exists(file))
            {
                if (entry is not null && entry.Status.State != PluginLoadState.Unloaded)
                {
                    await UnloadAsync(entry).ConfigureAwait(false);
                }

                return;
            }

            // Taken before loading: if the file changes while it loads, the next look sees a new fingerprint and
            // loads again rather than believing the old content is the one running.
            byte[]? fingerprint = Fingerprint(file);
            if (!force && entry is not null && entry.IsRunningUnchanged(fingerprint))
            {
                JanusLog.Verbose($"Plugin {entry.Status.Package}: {file} has not changed since it was loaded, kept as it is");
                return;
            }

            entry ??= new Entry(file, LanguageOf(file));
            _entries[file] = entry;
            entry.Fingerprint = fingerprint;
            await Task.Run(() => LoadAsync(entry)).ConfigureAwait(false);
        }
        finally
        {
            PublishStatus();
            _gate.Release();
        }
    }

    private async Task LoadAsync(Entry entry)
    {
        bool running = entry.Proxy is not null || entry.Raw is not null;
        long started = Stopwatch.GetTimestamp();
        try
        {
            if (entry.Language == "native")
            {
                await LoadNativeAsync(entry).ConfigureAwait(false);
            }
            else if (entry.Proxy is not null)
            {
                IScriptInstance next = ScriptLanguages.Load(entry.Language, entry.File, entry.Proxy.Api, _options.Limits);
                await ReplaceAsync(entry.Proxy, next).ConfigureAwait(false);
            }
            else
            {
                var proxy = new ScriptPluginProxy(entry.File, entry.Language, _options.Limits, _answerer);
                IScriptInstance first;
                try
                {
                    first = ScriptLanguages.Load(entry.Language, entry.File, proxy.Api, _options.Limits);
                }
                catch
                {
                    await proxy.DestroyAsync().ConfigureAwait(false);
                    throw;
                }

                await AddAsync(entry, proxy, first).ConfigureAwait(false);
            }

            entry.Loaded(null);
            JanusLog.Info($"Plugin {entry.Status.Package} ({entry.Language}) {(running ? "reloaded" : "loaded")} from {entry.File} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
        }
        catch (ScriptException e)
        {
            Fail(entry, e.Describe(), new PluginLoadError(e.Message, e.File ?? entry.File, e.Line), running);
        }
        catch (PluginException e)
        {
            Fail(entry, e.Message, new PluginLoadError(e.Message, entry.File, 0), running);
        }
    }

    private async Task AddAsync(Entry entry, ScriptPluginProxy proxy, IScriptInstance first)
    {
        proxy.Activate(first);
        try
        {
            await _catalog.AddAsync(proxy).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not PluginException)
        {
            await proxy.DestroyAsync().ConfigureAwait(false);
            throw new ScriptException(e.Message, entry.File);
        }
        catch
        {
            await proxy.DestroyAsync().ConfigureAwait(false);
            throw;
        }

        entry.Proxy = proxy;
        entry.Package = proxy.Descriptor.Package;
    }

    private static async Task ReplaceAsync(ScriptPluginProxy proxy, IScriptInstance next)
    {
        string package = proxy.PackageFor(next.Info);
        try
        {
            if (package != proxy.Descriptor.Package)
            {
                throw new ScriptException($"the new version names itself {package}, the running plugin is {proxy.Descriptor.Package}: remove the file and add it again to rename", proxy.File);
            }

            await proxy.ReplaceAsync(next).ConfigureAwait(false);
        }
        catch
        {
            next.Dispose();
            throw;
        }
    }

    private async Task LoadNativeAsync(Entry entry)
    {
        ScriptPluginProxy proxy = entry.Proxy ?? new ScriptPluginProxy(entry.File, "native", _options.Limits, _answerer);
        NativeLoad load;
        try
        {
            load = NativePluginLoader.Load(entry.File, proxy.Api);
        }
        catch when (entry.Proxy is null)
        {
            await proxy.DestroyAsync().ConfigureAwait(false);
            throw;
        }

        if (load.Scripted is not null)
        {
            if (entry.Proxy is not null)
            {
                await ReplaceAsync(entry.Proxy, load.Scripted).ConfigureAwait(false);
            }
            else
            {
                await AddAsync(entry, proxy, load.Scripted).ConfigureAwait(false);
            }

            return;
        }

        if (entry.Proxy is null)
        {
            await proxy.DestroyAsync().ConfigureAwait(false);
        }

        // A raw IPlugin keeps its own state: replacing it means removing the old one (its handles are detached).
        IPlugin raw = load.Raw!;
        if (entry.Raw is not null)
        {
            await _catalog.RemoveAsync(entry.Raw.Descriptor.Package).ConfigureAwait(false);
            entry.RawLoader?.Dispose();
            entry.Raw = null;
        }

        try
        {
            await _catalog.AddAsync(raw).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            load.Loader?.Dispose();
            throw new ScriptException(e.Message, entry.File);
        }

        entry.Raw = raw;
        entry.RawLoader = load.Loader;
        entry.Package = raw.Descriptor.Package;
    }

    private async Task UnloadAsync(Entry entry)
    {
        if (entry.Package is not null && (entry.Proxy is not null || entry.Raw is not null))
        {
            await _catalog.RemoveAsync(entry.Package).ConfigureAwait(false);
            JanusLog.Info($"Plugin {entry.Package} unloaded: {entry.File} was deleted");
        }

        entry.RawLoader?.Dispose();
        entry.Proxy = null;
        entry.Raw = null;
        entry.Unloaded();
        StatusChanged?.Invoke(entry.Status);
    }

    private void Fail(Entry entry, string error, PluginLoadError where, bool running)
    {
        JanusLog.Error($"Plugin file {entry.File}: {error}{(running ? " (the running version stays)" : "")}");
        entry.Failed(error, where, running);
    }

    private void PublishStatus()
    {
        var list = new List<PluginStatus>(_entries.Count);
        foreach (Entry entry in _entries.Values)
        {
            list.Add(entry.Status);
        }

        _status = [.. list];
        foreach (PluginStatus status in list)
        {
            StatusChanged?.Invoke(status);
        }
    }

    private void Schedule(string path)
    {
        string? file = PluginFileFor(path);
        if (file is null)
        {
            return;
        }

        Timer timer = _pending.GetOrAdd(file, f => new Timer(_ =>
        {
            if (_pending.TryRemove(f, out Timer? fired))
            {
                fired.Dispose();
            }

            _ = SyncAndLogAsync(f);
        }));
        timer.Change(_options.Debounce, Timeout.InfiniteTimeSpan);
    }

    private async Task SyncAndLogAsync(string file)
    {
        try
        {
            await SyncAsync(file).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            JanusLog.Error($"Plugin file {file}: {e.Message}");
        }
    }

    /// <summary>The plugin file a changed path belongs to, or null: scripts directly in lua/, js/, csx/; anything in native/NAME/.</summary>
    private string? PluginFileFor(string path)
    {
        string full = Path.GetFullPath(path);
        string relative = Path.GetRelativePath(_root, full);
        string[] parts = relative.Split(Path.DirectorySeparatorChar);
        if (parts.Length == 2 && Array.IndexOf(ScriptFolders, parts[0]) >= 0 && ScriptLanguages.LanguageOf(full) == parts[0])
        {
            return full;
        }

        if (parts.Length >= 2 && parts[0] == NativeFolder && parts[1] != "..")
        {
            return NativePluginLoader.AssemblyPathFor(Path.Combine(_root, NativeFolder, parts[1]));
        }

        return null;
    }

    private IEnumerable<string> FindPluginFiles()
    {
        foreach (string folder in ScriptFolders)
        {
            string path = Path.Combine(_root, folder);
            if (Directory.Exists(path))
            {
                foreach (string file in Directory.EnumerateFiles(path).Order(StringComparer.Ordinal))
                {
                    if (ScriptLanguages.LanguageOf(file) == folder)
                    {
                        yield return file;
                    }
                }
            }
        }

        string native = Path.Combine(_root, NativeFolder);
        if (Directory.Exists(native))
        {
            foreach (string folder in Directory.EnumerateDirectories(native).Order(StringComparer.Ordinal))
            {
                string dll = NativePluginLoader.AssemblyPathFor(folder);
                if (System.IO.File.Exists(dll))
                {
                    yield return dll;
                }
            }
        }
    }

    private static string LanguageOf(string file) => ScriptLanguages.LanguageOf(file) ?? "native";

    /// <summary>
    /// A hash of the file's bytes (for a compiled plugin, the built assembly), or null when it cannot be read right
    /// now (an editor or a build still writing it): null never matches, so such a file is loaded.
    /// </summary>
    private static byte[]? Fingerprint(string file)
    {
        try
        {
            using FileStream stream = System.IO.File.OpenRead(file);
            return SHA256.HashData(stream);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed class Entry(string file, string language)
    {
        public string File { get; } = file;
        public string Language { get; } = language;
        public ScriptPluginProxy? Proxy { get; set; }
        public IPlugin? Raw { get; set; }
        public McMaster.NETCore.Plugins.PluginLoader? RawLoader { get; set; }
        public string? Package { get; set; }

        /// <summary>The SHA-256 of the content last loaded (or tried); null when the file could not be read.</summary>
        public byte[]? Fingerprint { get; set; }

        public int Reloads { get; private set; }
        public DateTimeOffset? LoadedAt { get; private set; }

        public PluginStatus Status { get; private set; } =
            new("janus.plugin." + Path.GetFileNameWithoutExtension(file), language, file, null, PluginLoadState.Failed, "not loaded yet", null, 0);

        public void Loaded(string? error)
        {
            if (LoadedAt is not null)
            {
                Reloads++;
            }

            LoadedAt = DateTimeOffset.UtcNow;
            PluginDescriptor? d = Proxy?.Descriptor ?? Raw?.Descriptor;
            Status = new(d?.Package ?? Status.Package, Language, File, d?.VersionString, PluginLoadState.Loaded, error, LoadedAt, Reloads)
            {
                Name = d?.Name,
                VersionNumber = d?.Version,
            };
        }

        public void Failed(string error, PluginLoadError where, bool running) =>
            Status = Status with { State = running ? PluginLoadState.Loaded : PluginLoadState.Failed, LastError = error, Error = where };

        /// <summary>
        /// True when a plugin runs from exactly this content and its last load succeeded. A file that failed or was
        /// unloaded is always tried again: that costs no handle.
        /// </summary>
        public bool IsRunningUnchanged(byte[]? fingerprint) =>
            fingerprint is not null && Fingerprint is not null && fingerprint.AsSpan().SequenceEqual(Fingerprint)
            && (Proxy is not null || Raw is not null) && Status.State == PluginLoadState.Loaded && Status.LastError is null;

        public void Unloaded() => Status = Status with { State = PluginLoadState.Unloaded, LastError = null, Error = null };
    }
}
