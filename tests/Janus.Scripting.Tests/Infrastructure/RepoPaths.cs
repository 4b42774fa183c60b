namespace Janus.Scripting.Tests.Infrastructure;

internal static class RepoPaths
{
    /// <summary>The repository's plugins/ folder, found upward from the test binaries.</summary>
    public static string Plugins
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "plugins");
                if (Directory.Exists(Path.Combine(candidate, "lua")))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("plugins/ not found above " + AppContext.BaseDirectory);
        }
    }
}
