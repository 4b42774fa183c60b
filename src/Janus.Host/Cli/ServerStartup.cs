using Janus.Core.Configuration;
using Janus.Core.Configuration.Jcfg;

namespace Janus.Host.Cli;

/// <summary>Turns the command line and the configuration folder into <see cref="ServerOptions"/>.</summary>
public static class ServerStartup
{
    private const string DefaultConfigsFolder = "./conf";

    /// <summary>
    /// Returns the options to run with, or null when the process should exit with <paramref name="exitCode"/>
    /// (after <c>--help</c>, <c>--version</c>, or an error already printed to <paramref name="stderr"/>).
    /// Order, as in Janus: read janus.jcfg (from <c>-C</c>, else the <c>-F</c> folder, else ./conf), then the
    /// transport files from the configs folder (<c>-F</c>, else janus.jcfg's configs_folder, else ./conf), then
    /// apply the command line over both. Unsupported settings end up in <see cref="ServerOptions.Warnings"/>
    /// for the caller to log; a syntax error in any file stops the start.
    /// </summary>
    public static ServerOptions? LoadOptions(string[] args, TextWriter stdout, TextWriter stderr, out int exitCode)
    {
        ParsedCommandLine commandLine;
        try
        {
            commandLine = CommandLineParser.Parse(args, CommandLineOptions.All);
        }
        catch (CommandLineException ex)
        {
            stderr.WriteLine($"janus: {ex.Message}");
            stderr.WriteLine("Try 'janus --help' for more information.");
            exitCode = 1;
            return null;
        }

        if (commandLine.Has("help"))
        {
            stdout.Write(HelpText.Build(CommandLineOptions.All));
            exitCode = 0;
            return null;
        }

        if (commandLine.Has("version"))
        {
            stdout.Write(HelpText.VersionText());
            exitCode = 0;
            return null;
        }

        try
        {
            ServerOptions options = LoadFiles(commandLine);
            commandLine.ApplyTo(options);
            exitCode = 0;
            return options;
        }
        catch (JcfgParseException ex)
        {
            stderr.WriteLine($"janus: syntax error in configuration: {ex.Message}");
        }
        catch (ConfigFileMissingException ex)
        {
            stderr.WriteLine($"janus: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"janus: cannot read configuration: {ex.Message}");
        }

        exitCode = 1;
        return null;
    }

    private static ServerOptions LoadFiles(ParsedCommandLine commandLine)
    {
        var options = new ServerOptions();
        string? folderArgument = commandLine.ValueOf("configs-folder");
        string? fileArgument = commandLine.ValueOf("config");
        string janusFile = fileArgument ?? Path.Combine(folderArgument ?? DefaultConfigsFolder, ServerConfigFiles.JanusFileName);

        if (File.Exists(janusFile))
        {
            ServerConfigFiles.ApplyJanus(JcfgDocument.Load(janusFile), options);
            options.ConfigFile = janusFile;
        }
        else if (fileArgument is not null)
        {
            // Janus refuses to start when the file it was explicitly given cannot be read.
            throw new ConfigFileMissingException($"configuration file '{fileArgument}' not found");
        }
        else
        {
            options.Warnings.Add($"{janusFile} not found; using defaults for its settings");
        }

        string configsFolder = folderArgument ?? options.ConfigsFolder;
        options.ConfigsFolder = configsFolder;
        ServerConfigFiles.ApplyTransports(configsFolder, options);
        return options;
    }

    private sealed class ConfigFileMissingException(string message) : Exception(message);
}
