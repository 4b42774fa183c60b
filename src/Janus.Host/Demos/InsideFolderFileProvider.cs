using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Primitives;

namespace Janus.Host.Demos;

/// <summary>
/// The demo folder's files, but only those whose path, with every symbolic link resolved, is a file inside the
/// folder. <see cref="PhysicalFileProvider"/> refuses <c>..</c> in a request but follows links: a link to
/// <c>/etc/passwd</c> placed in the folder (by a careless deploy, an unpacked archive, a shared folder) would
/// be served to anyone. A link that stays inside the folder is served as its target.
/// </summary>
internal sealed class InsideFolderFileProvider : IFileProvider, IDisposable
{
    // As Linux's MAXSYMLINKS: past this many links in one path, realpath(3) gives up with ELOOP.
    private const int MaxLinks = 40;

    private readonly PhysicalFileProvider _inner;
    private readonly string _root;

    public InsideFolderFileProvider(string folder)
    {
        _inner = new PhysicalFileProvider(folder);
        _root = RealPath(Path.GetFullPath(folder)) ?? Path.GetFullPath(folder);
    }

    public IFileInfo GetFileInfo(string subpath)
    {
        IFileInfo info = _inner.GetFileInfo(subpath);
        if (!info.Exists || info.IsDirectory || info.PhysicalPath is null)
        {
            return info;
        }
        string? real = RealPath(info.PhysicalPath);
        if (real is null || !real.StartsWith(_root.EndsWith(Path.DirectorySeparatorChar) ? _root : _root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return new NotFoundFileInfo(subpath);
        }
        var file = new FileInfo(real);
        // Serve the resolved path: what was checked is what is opened.
        return file.Exists ? new PhysicalFileInfo(file) : new NotFoundFileInfo(subpath);
    }

    public IDirectoryContents GetDirectoryContents(string subpath) => _inner.GetDirectoryContents(subpath);

    public IChangeToken Watch(string filter) => _inner.Watch(filter);

    public void Dispose() => _inner.Dispose();

    /// <summary>
    /// realpath(3): <paramref name="fullPath"/> with every link resolved, component by component (a link's target
    /// replaces it and is resolved in turn, so <c>link/..</c> means the link target's parent, as the kernel reads
    /// it); null for a loop of links or a path that cannot be read.
    /// </summary>
    internal static string? RealPath(string fullPath)
    {
        string root = Path.GetPathRoot(fullPath) ?? "/";
        var pending = new List<string>(fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        string resolved = root;
        int links = 0;
        try
        {
            while (pending.Count > 0)
            {
                string part = pending[0];
                pending.RemoveAt(0);
                if (part == ".")
                {
                    continue;
                }
                if (part == "..")
                {
                    resolved = Path.GetDirectoryName(resolved) ?? root;
                    continue;
                }
                string candidate = Path.Combine(resolved, part);
                string? target = new FileInfo(candidate).LinkTarget;
                if (target is null)
                {
                    resolved = candidate;
                    continue;
                }
                if (++links > MaxLinks)
                {
                    return null;
                }
                if (Path.IsPathRooted(target))
                {
                    resolved = Path.GetPathRoot(target) ?? root;
                    target = target[resolved.Length..];
                }
                pending.InsertRange(0, target.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return resolved;
    }
}
