using System.Diagnostics;

namespace Janus.Media.Tests.Dtls.Infrastructure;

/// <summary>The openssl command-line tool, for producing keys and as a real DTLS peer.</summary>
internal static class OpenSsl
{
    private static readonly Lazy<string?> s_version = new(() =>
    {
        try
        {
            return Run("version").Trim();
        }
        catch (Exception)
        {
            return null;
        }
    });

    public static bool IsAvailable => s_version.Value is not null;

    public static string? Version => s_version.Value;

    /// <summary>Runs openssl to completion; throws with its stderr when it fails.</summary>
    public static string Run(string arguments)
    {
        using Process process = Process.Start(Start(arguments))!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException("openssl " + arguments);
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {arguments} exited {process.ExitCode}: {stderr.Result}");
        }
        return stdout.Result;
    }

    public static ProcessStartInfo Start(string arguments) => new("openssl", arguments)
    {
        RedirectStandardInput = true,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
}
