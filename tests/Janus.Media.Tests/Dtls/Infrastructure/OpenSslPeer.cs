using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Janus.Media.Tests.Dtls.Infrastructure;

/// <summary>A running <c>openssl s_server</c> or <c>s_client</c>, with its output collected line by line.</summary>
internal sealed partial class OpenSslPeer : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    public OpenSslPeer(string arguments)
    {
        _process = Process.Start(OpenSsl.Start(arguments))!;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output => string.Join("\n", _lines);

    /// <summary>Waits for a line containing <paramref name="text"/>, and returns it.</summary>
    public string WaitForLine(string text, TimeSpan limit)
    {
        DateTime deadline = DateTime.UtcNow + limit;
        while (true)
        {
            foreach (string line in _lines)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return line;
                }
            }
            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _process.HasExited && !_lineArrived.Wait(200))
            {
                throw new TimeoutException($"openssl never printed '{text}'. Output:\n{Output}");
            }
            _lineArrived.Wait(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>The hex after "Keying material:", as bytes.</summary>
    public byte[] WaitForKeyingMaterial(TimeSpan limit)
    {
        string line = WaitForLine("Keying material:", limit);
        Match match = HexPattern().Match(line);
        Assert.True(match.Success, "no hex in: " + line);
        return Convert.FromHexString(match.Groups[1].Value);
    }

    public void WriteLine(string text)
    {
        _process.StandardInput.WriteLine(text);
        _process.StandardInput.Flush();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
            _lineArrived.Release();
        }
    }

    [GeneratedRegex("Keying material:\\s*([0-9A-Fa-f]+)")]
    private static partial Regex HexPattern();
}
