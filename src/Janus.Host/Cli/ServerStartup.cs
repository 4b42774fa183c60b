using Janus.Core.Configuration;

namespace Janus.Host.Cli;

/// <summary>Turns the command line and the configuration folder into <see cref="ServerOptions"/>.</summary>
public static class ServerStartup
{
    /// <summary>
    /// Returns the options to run with, or null when the process should exit with <paramref name="exitCode"/>
    /// (after <c>--help</c>, <c>--version</c>, or an error already printed to <paramref name="stderr"/>).
    /// </summary>
    public static ServerOptions? LoadOptions(string[] args, TextWriter stdout, TextWriter stderr, out int exitCode)
    {
        // Placeholder until the command-line and .jcfg work lands (issue 2): defaults only.
        exitCode = 0;
        return new ServerOptions();
    }
}
