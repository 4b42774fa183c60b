using System.Security.Cryptography;
using System.Text;
using Janus.Core.Logging;

namespace Janus.Scripting.CSharp;

/// <summary>A compiled .csx: the assembly, its symbols, and the submission's entry point.</summary>
internal sealed record CompiledScript(byte[] Assembly, byte[] Symbols, string EntryType, string EntryMethod);

/// <summary>
/// Compiled C# scripts on disk, keyed by a hash of the source, its path (it is in the symbols and error positions)
/// and this build of the scripting layer (a rebuilt server, or another Roslyn, compiles again). A hit lets the server
/// start, and reload an unchanged script, without loading the compiler. Anything unreadable is a miss; a folder that
/// cannot be written only costs the next start a compile. The newest <see cref="MaxEntries"/> entries are kept.
/// </summary>
internal sealed class CompiledScriptCache(string folder)
{
    public const int MaxEntries = 64;

    public string Folder { get; } = folder;

    /// <summary>$JANUS_CSX_CACHE, else $XDG_CACHE_HOME/janus/csx, else ~/.cache/janus/csx (the temp folder without a home).</summary>
    public static CompiledScriptCache Default()
    {
        string? folder = Environment.GetEnvironmentVariable("JANUS_CSX_CACHE");
        if (string.IsNullOrEmpty(folder))
        {
            string? cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            string root = !string.IsNullOrEmpty(cacheHome) ? cacheHome
                : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache")
                : Path.GetTempPath();
            folder = Path.Combine(root, "janus", "csx");
        }
        return new CompiledScriptCache(folder);
    }

    public CompiledScript? TryGet(string file, string source)
    {
        string key = KeyOf(file, source);
        try
        {
            string entry = Path.Combine(Folder, key + ".entry");
            if (!File.Exists(entry))
            {
                return null;
            }
            string[] lines = File.ReadAllLines(entry);
            byte[] assembly = File.ReadAllBytes(Path.Combine(Folder, key + ".dll"));
            byte[] symbols = File.ReadAllBytes(Path.Combine(Folder, key + ".pdb"));
            if (lines.Length < 2 || assembly.Length == 0)
            {
                return null;
            }
            // Touched on use, so pruning keeps what is loaded.
            File.SetLastWriteTimeUtc(entry, DateTime.UtcNow);
            return new CompiledScript(assembly, symbols, lines[0], lines[1]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Put(string file, string source, CompiledScript compiled)
    {
        string key = KeyOf(file, source);
        try
        {
            Directory.CreateDirectory(Folder);
            // The entry file goes last: it is what marks the other two complete.
            WriteAtomically(Path.Combine(Folder, key + ".dll"), compiled.Assembly);
            WriteAtomically(Path.Combine(Folder, key + ".pdb"), compiled.Symbols);
            WriteAtomically(Path.Combine(Folder, key + ".entry"), Encoding.UTF8.GetBytes(compiled.EntryType + "\n" + compiled.EntryMethod + "\n"));
            Prune();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            JanusLog.Verbose($"Compiled script cache {Folder} not written ({e.Message}): the next start compiles {Path.GetFileName(file)} again");
        }
    }

    internal static string KeyOf(string file, string source)
    {
        Guid build = typeof(CompiledScriptCache).Assembly.ManifestModule.ModuleVersionId;
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"csx-cache-1\n{build}\n{Path.GetFullPath(file)}\n{source}"));
        return Convert.ToHexStringLower(hash);
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        string temporary = path + "." + Environment.ProcessId + ".tmp";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    private void Prune()
    {
        FileInfo[] entries = new DirectoryInfo(Folder).GetFiles("*.entry");
        if (entries.Length <= MaxEntries)
        {
            return;
        }
        foreach (FileInfo old in entries.OrderByDescending(e => e.LastWriteTimeUtc).Skip(MaxEntries))
        {
            string key = Path.GetFileNameWithoutExtension(old.Name);
            foreach (string extension in new[] { ".entry", ".dll", ".pdb" })
            {
                File.Delete(Path.Combine(Folder, key + extension));
            }
        }
    }
}
