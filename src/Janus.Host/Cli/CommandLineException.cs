namespace Janus.Host.Cli;

/// <summary>The command line is wrong (unknown option, missing or bad value); the message is printed and the process exits non-zero.</summary>
internal sealed class CommandLineException : Exception
{
    public CommandLineException(string message)
        : base(message)
    {
    }
}
