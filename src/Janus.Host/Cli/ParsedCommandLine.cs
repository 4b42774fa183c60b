using Janus.Core.Configuration;

namespace Janus.Host.Cli;

/// <summary>The options given on the command line, in order, each with its value (empty for a flag).</summary>
internal sealed class ParsedCommandLine
{
    private readonly List<(CommandLineOption Option, string Value)> _given = new();

    public IReadOnlyList<(CommandLineOption Option, string Value)> Given => _given;

    public bool Has(string longName)
    {
        foreach ((CommandLineOption option, _) in _given)
        {
            if (option.Long == longName)
            {
                return true;
            }
        }

        return false;
    }

    public string? ValueOf(string longName)
    {
        foreach ((CommandLineOption option, string value) in _given)
        {
            if (option.Long == longName)
            {
                return value;
            }
        }

        return null;
    }

    internal void Add(CommandLineOption option, string value) => _given.Add((option, value));

    /// <summary>Writes every option into <paramref name="options"/>; run after the config files so the command line wins, as in Janus.</summary>
    public void ApplyTo(ServerOptions options)
    {
        foreach ((CommandLineOption option, string value) in _given)
        {
            option.Apply(options, value);
        }
    }
}
