using System.Reflection;

namespace Janus.Core;

/// <summary>What the build wrote into this assembly (see the JanusCommitHash target in Janus.Core.csproj).</summary>
internal static class BuildInformation
{
    /// <summary>Janus's answer when the server was built outside a git checkout.</summary>
    public const string NoCommit = "not-a-git-repo";

    /// <summary>The commit the server was built from (40 hex digits), or <see cref="NoCommit"/>.</summary>
    public static string CommitHash { get; } = Read("CommitHash") ?? NoCommit;

    private static string? Read(string key)
    {
        foreach (AssemblyMetadataAttribute attribute in typeof(BuildInformation).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
        {
            if (attribute.Key == key && !string.IsNullOrEmpty(attribute.Value))
            {
                return attribute.Value;
            }
        }

        return null;
    }
}
