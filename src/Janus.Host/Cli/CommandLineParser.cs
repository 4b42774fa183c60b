namespace Janus.Host.Cli;

/// <summary>
/// getopt_long-style parsing, as Janus's gengetopt parser does it: <c>-d 5</c>, <c>-d5</c>, clustered flags
/// <c>-DfI</c>, <c>--debug-level=5</c>, <c>--debug-level 5</c>, unambiguous long prefixes (<c>--debug-l</c>),
/// and <c>--</c> to end options. Each option may be given once; the values are checked here so a bad command
/// line fails before any file is read.
/// </summary>
internal static class CommandLineParser
{
    public static ParsedCommandLine Parse(IReadOnlyList<string> args, IReadOnlyList<CommandLineOption> table)
    {
        var parsed = new ParsedCommandLine();
        var scratch = new Janus.Core.Configuration.ServerOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                if (i + 1 < args.Count)
                {
                    throw new CommandLineException($"unexpected argument '{args[i + 1]}'");
                }

                break;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                i = ParseLong(args, i, table, parsed, scratch);
            }
            else if (arg.Length > 1 && arg[0] == '-')
            {
                i = ParseShortCluster(args, i, table, parsed, scratch);
            }
            else
            {
                throw new CommandLineException($"unexpected argument '{arg}'");
            }
        }

        return parsed;
    }

    private static int ParseLong(IReadOnlyList<string> args, int index, IReadOnlyList<CommandLineOption> table, ParsedCommandLine parsed, Janus.Core.Configuration.ServerOptions scratch)
    {
        string body = args[index][2..];
        int equals = body.IndexOf('=');
        string name = equals >= 0 ? body[..equals] : body;
        CommandLineOption option = FindLong(name, table);
        string value = "";
        if (option.TakesValue)
        {
            if (equals >= 0)
            {
                value = body[(equals + 1)..];
            }
            else if (index + 1 < args.Count)
            {
                value = args[++index];
            }
            else
            {
                throw new CommandLineException($"option {option.Display} requires an argument");
            }
        }
        else if (equals >= 0)
        {
            throw new CommandLineException($"option {option.Display} doesn't allow an argument");
        }

        Record(option, value, parsed, scratch);
        return index;
    }

    private static int ParseShortCluster(IReadOnlyList<string> args, int index, IReadOnlyList<CommandLineOption> table, ParsedCommandLine parsed, Janus.Core.Configuration.ServerOptions scratch)
    {
        string arg = args[index];
        for (int position = 1; position < arg.Length; position++)
        {
            CommandLineOption option = FindShort(arg[position], table);
            if (!option.TakesValue)
            {
                Record(option, "", parsed, scratch);
                continue;
            }

            string value;
            if (position + 1 < arg.Length)
            {
                value = arg[(position + 1)..];
            }
            else if (index + 1 < args.Count)
            {
                value = args[++index];
            }
            else
            {
                throw new CommandLineException($"option {option.Display} requires an argument");
            }

            Record(option, value, parsed, scratch);
            break;
        }

        return index;
    }

    private static void Record(CommandLineOption option, string value, ParsedCommandLine parsed, Janus.Core.Configuration.ServerOptions scratch)
    {
        if (parsed.Has(option.Long))
        {
            throw new CommandLineException($"option {option.Display} given more than once");
        }

        option.Apply(scratch, value);
        parsed.Add(option, value);
    }

    private static CommandLineOption FindShort(char letter, IReadOnlyList<CommandLineOption> table)
    {
        foreach (CommandLineOption option in table)
        {
            if (option.Short == letter)
            {
                return option;
            }
        }

        throw new CommandLineException($"invalid option -- '{letter}'");
    }

    private static CommandLineOption FindLong(string name, IReadOnlyList<CommandLineOption> table)
    {
        CommandLineOption? prefixMatch = null;
        int prefixMatches = 0;
        foreach (CommandLineOption option in table)
        {
            if (option.Long == name)
            {
                return option;
            }

            if (name.Length > 0 && option.Long.StartsWith(name, StringComparison.Ordinal))
            {
                prefixMatch = option;
                prefixMatches++;
            }
        }

        return prefixMatches switch
        {
            1 => prefixMatch!,
            0 => throw new CommandLineException($"unrecognized option '--{name}'"),
            _ => throw new CommandLineException($"option '--{name}' is ambiguous"),
        };
    }
}
