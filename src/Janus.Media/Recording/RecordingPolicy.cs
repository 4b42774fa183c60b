namespace Janus.Media.Recording;

/// <summary>
/// Server-wide rules for recordings, from janus.jcfg as Janus applies them: <c>general.recordings_tmp_ext</c>
/// (write <c>NAME.mjr.EXT</c> and rename to <c>NAME.mjr</c> when the recording closes, so a watcher sees only
/// complete files) and <c>general.protected_folders</c> (no recording may be written under them). Janus keeps
/// these as process globals set at start; <see cref="Current"/> is that global, and tests pass their own.
/// </summary>
public sealed class RecordingPolicy
{
    private static volatile RecordingPolicy s_current = new();

    public RecordingPolicy(string? temporaryExtension = null, IEnumerable<string>? protectedFolders = null, string? recordingsFolder = null)
    {
        // An empty value would give Janus "NAME.mjr." files; its default extension, "tmp", is what was meant.
        TemporaryExtension = temporaryExtension is null ? null : temporaryExtension.Length == 0 ? "tmp" : temporaryExtension.TrimStart('.');
        ProtectedFolders = protectedFolders?.Where(f => !string.IsNullOrEmpty(f)).ToArray() ?? [];
        RecordingsFolder = string.IsNullOrWhiteSpace(recordingsFolder) ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(recordingsFolder));
    }

    /// <summary>The policy recorders use when none is given; the host sets it from its configuration.</summary>
    public static RecordingPolicy Current
    {
        get => s_current;
        set => s_current = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The extension added while recording (without the dot), or null to write <c>.mjr</c> directly.</summary>
    public string? TemporaryExtension { get; }

    public IReadOnlyList<string> ProtectedFolders { get; }

    /// <summary>
    /// Beyond Janus: janus.jcfg <c>general.recordings_folder</c>, the one folder recordings may be written in (or
    /// below), as a full path; null (the default, as Janus) lets them go anywhere the process can write that is not
    /// protected. When set, relative recording paths are taken from it rather than from the working directory.
    /// </summary>
    public string? RecordingsFolder { get; }

    /// <summary>
    /// Whether <paramref name="fullPath"/>, with its symbolic links resolved as for <see cref="IsProtected"/>, is
    /// inside <see cref="RecordingsFolder"/> (always true when none is set). A link inside the folder that points
    /// out of it does not count as inside.
    /// </summary>
    public bool IsInsideRecordingsFolder(string fullPath)
    {
        if (RecordingsFolder is null)
        {
            return true;
        }
        string root = Resolve(RecordingsFolder);
        string resolved = Resolve(Path.GetFullPath(fullPath));
        return resolved.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether <paramref name="path"/> is in a protected folder. As Janus's janus_is_folder_protected: a path
    /// starting with a space is refused, symbolic links are resolved first, and a protected folder matches as a
    /// plain prefix of the resolved path (so "/lib" also covers "/lib64").
    /// </summary>
    public bool IsProtected(string path)
    {
        if (path.Length == 0 || path[0] == ' ')
        {
            return true;
        }
        if (ProtectedFolders.Count == 0)
        {
            return false;
        }
        string resolved = Resolve(Path.GetFullPath(path));
        foreach (string folder in ProtectedFolders)
        {
            if (resolved.StartsWith(folder, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    // realpath(3) for a file that may not exist yet: resolve the deepest existing folder, keep the rest as written.
    private static string Resolve(string fullPath)
    {
        string? existing = fullPath;
        string rest = "";
        while (existing is not null && !Directory.Exists(existing) && !File.Exists(existing))
        {
            rest = rest.Length == 0 ? Path.GetFileName(existing) : Path.Combine(Path.GetFileName(existing), rest);
            existing = Path.GetDirectoryName(existing);
        }
        if (existing is null)
        {
            return fullPath;
        }
        string real = existing;
        try
        {
            var info = new DirectoryInfo(existing);
            FileSystemInfo? target = info.LinkTarget is null ? null : info.ResolveLinkTarget(returnFinalTarget: true);
            real = target?.FullName ?? info.FullName;
            // Links further up the path (a linked parent folder) are resolved one level at a time.
            string? parent = Path.GetDirectoryName(real);
            if (parent is not null && parent != real)
            {
                real = Path.Combine(Resolve(parent), Path.GetFileName(real));
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return rest.Length == 0 ? real : Path.Combine(real, rest);
    }
}
