using System.Reflection;
using System.Text;

namespace Janus.Host.Cli;

/// <summary>The text of <c>--help</c> and <c>--version</c>, laid out like Janus's (gengetopt's) help.</summary>
internal static class HelpText
{
    private const int DescriptionColumn = 32;
    private const int Width = 80;
    private const string NotYetInEffect = "(not yet in effect)";

    public static string Version
    {
        get
        {
            Assembly assembly = typeof(HelpText).Assembly;
            string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            string version = informational ?? assembly.GetName().Version?.ToString() ?? "0.0.0";

            // The SDK appends "+<commit>" to the informational version; keep the commit short.
            int plus = version.IndexOf('+');
            if (plus >= 0 && version.Length > plus + 8)
            {
                version = version[..(plus + 8)];
            }

            return version;
        }
    }

    public static string VersionText() => $"janus {Version}\nA WebRTC server in C# that speaks the Janus API.\n";

    public static string Build(IReadOnlyList<CommandLineOption> options)
    {
        var text = new StringBuilder();
        text.Append("janus ").Append(Version).Append('\n').Append('\n');
        text.Append("Usage: janus [OPTION]...\n\n");
        foreach (CommandLineOption option in options)
        {
            if (!CommandLineOptions.IsOurs(option))
            {
                AppendOption(text, option);
            }
        }

        text.Append("\nDemo pages (this server only):\n");
        foreach (CommandLineOption option in options)
        {
            if (CommandLineOptions.IsOurs(option))
            {
                AppendOption(text, option);
            }
        }

        text.Append("\nThe command line overrides the .jcfg files. Options marked ").Append(NotYetInEffect).Append('\n')
            .Append("are accepted and stored but do nothing yet.\n");
        return text.ToString();
    }

    private static void AppendOption(StringBuilder text, CommandLineOption option)
    {
        string left = "  " + option.Signature;
        // The marker is kept on one line so it can be searched for.
        string marker = NotYetInEffect.Replace(' ', '\u00A0');
        string description = option.NotYetInEffect ? option.Description + " " + marker : option.Description;
        text.Append(left);
        int column = left.Length;
        if (column >= DescriptionColumn)
        {
            text.Append('\n');
            column = 0;
        }

        bool first = true;
        foreach (string line in Wrap(description, Width - DescriptionColumn, Width - DescriptionColumn - 2))
        {
            int indent = (first ? DescriptionColumn : DescriptionColumn + 2) - column;
            text.Append(' ', indent).Append(line.Replace('\u00A0', ' ')).Append('\n');
            column = 0;
            first = false;
        }
    }

    private static IEnumerable<string> Wrap(string text, int firstWidth, int width)
    {
        var line = new StringBuilder();
        int limit = firstWidth;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > limit)
            {
                yield return line.ToString();
                line.Clear();
                limit = width;
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
