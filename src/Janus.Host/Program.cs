using Janus.Host.Cli;

var options = ServerStartup.LoadOptions(args, Console.Out, Console.Error, out int exitCode);
if (options is null)
{
    return exitCode;
}

return 0;
