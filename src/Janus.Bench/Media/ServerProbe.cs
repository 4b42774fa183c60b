using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Janus.Bench.Media;

/// <summary>
/// Reads the server process from outside: CPU time and RSS from /proc (Linux), and the allocation counter from the
/// Admin API's <c>get_status</c> (<c>gc_total_allocated_bytes</c>, a field this project adds to Janus's reply).
/// </summary>
internal sealed class ServerProbe : IDisposable
{
    private readonly int _pid;
    private readonly Uri? _admin;
    private readonly string _adminSecret;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly double _ticksPerSecond;
    private long _transactions;

    public ServerProbe(int pid, Uri? admin, string adminSecret)
    {
        _pid = pid;
        _admin = admin;
        _adminSecret = adminSecret;
        _ticksPerSecond = ClockTicksPerSecond();
    }

    public int Pid => _pid;

    /// <summary>
    /// The process's user and kernel CPU time in microseconds (utime and stime: /proc/PID/stat fields 14 and 15, in
    /// clock ticks). User time is the server's own code (and libcrypto); kernel time the network stack and wakeups.
    /// </summary>
    public (double User, double Kernel) CpuMicroseconds()
    {
        string stat = File.ReadAllText($"/proc/{_pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime * 1_000_000.0 / _ticksPerSecond, stime * 1_000_000.0 / _ticksPerSecond);
    }

    public double TotalCpuMicroseconds()
    {
        (double user, double kernel) = CpuMicroseconds();
        return user + kernel;
    }

    /// <summary>
    /// CPU time (nanoseconds, /proc/PID/task/TID/schedstat: exact, where stat is in 10 ms ticks) and voluntary context
    /// switches (each one a sleep, so a later wakeup) summed over the server's threads whose name starts with
    /// <paramref name="threadPrefix"/>: the media core's packet threads are <c>udp-reactor-N</c>. Zeros when the
    /// kernel does not expose schedstat.
    /// </summary>
    public (long Nanoseconds, long Wakeups) ThreadCpu(string threadPrefix)
    {
        long nanoseconds = 0, wakeups = 0;
        try
        {
            foreach (string task in Directory.EnumerateDirectories($"/proc/{_pid}/task"))
            {
                try
                {
                    if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(threadPrefix, StringComparison.Ordinal))
                    {
                        continue;
                    }
                    string schedstat = File.ReadAllText(Path.Combine(task, "schedstat"));
                    nanoseconds += long.Parse(schedstat.AsSpan(0, schedstat.IndexOf(' ')), CultureInfo.InvariantCulture);
                    foreach (string line in File.ReadLines(Path.Combine(task, "status")))
                    {
                        if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                        {
                            wakeups += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                        }
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
                {
                    // a thread that just exited, or no schedstat
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
        }
        return (nanoseconds, wakeups);
    }

    /// <summary>Resident set size in bytes (VmRSS of /proc/PID/status).</summary>
    public long RssBytes()
    {
        foreach (string line in File.ReadLines($"/proc/{_pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }

    /// <summary>The server's GC.GetTotalAllocatedBytes, or null without the Admin API or the field.</summary>
    public async Task<long?> AllocatedBytesAsync() => (await StatusFieldAsync("gc_total_allocated_bytes"))?.GetValue<long>();

    /// <summary>The server's GC committed bytes (heap, free space, budgets), or null without the Admin API or the field.</summary>
    public async Task<long?> GcCommittedBytesAsync() => (await StatusFieldAsync("gc_committed_bytes"))?.GetValue<long>();

    /// <summary>
    /// One Admin API <c>get_status</c>: the allocation counter, and the user and kernel CPU time in microseconds
    /// (getrusage, exact). Nulls without the Admin API or the fields; then <see cref="CpuMicroseconds"/> (10 ms ticks)
    /// is what there is.
    /// </summary>
    public async Task<(long? AllocatedBytes, (double User, double Kernel)? Cpu)> CountersAsync()
    {
        JsonNode? status = await StatusAsync();
        long? allocated = status?["gc_total_allocated_bytes"]?.GetValue<long>();
        JsonNode? user = status?["process_cpu_user_us"];
        JsonNode? system = status?["process_cpu_system_us"];
        return (allocated, user is null || system is null ? null : (user.GetValue<long>(), system.GetValue<long>()));
    }

    private async Task<JsonNode?> StatusFieldAsync(string field) => (await StatusAsync())?[field];

    public async Task<JsonNode?> StatusAsync()
    {
        if (_admin is null)
        {
            return null;
        }
        var request = new JsonObject
        {
            ["janus"] = "get_status",
            ["transaction"] = "probe" + Interlocked.Increment(ref _transactions),
            ["admin_secret"] = _adminSecret,
        };
        using HttpResponseMessage response = await _http.PostAsJsonAsync(_admin, request);
        JsonNode? reply = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return reply?["status"];
    }

    /// <summary>The pid of the process with a TCP socket listening on <paramref name="port"/>, or 0.</summary>
    public static int FindListeningPid(int port)
    {
        var inodes = new HashSet<string>();
        foreach (string table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }
            foreach (string line in File.ReadLines(table).Skip(1))
            {
                string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // local_address is HEXIP:HEXPORT; state 0A is LISTEN; field 9 is the socket inode.
                if (f.Length > 9 && f[3] == "0A" && int.Parse(f[1][(f[1].IndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    inodes.Add("socket:[" + f[9] + "]");
                }
            }
        }
        if (inodes.Count == 0)
        {
            return 0;
        }
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }
            try
            {
                foreach (string fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target))
                    {
                        return pid;
                    }
                }
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // another user's process, or one that just exited
            }
        }
        return 0;
    }

    private static double ClockTicksPerSecond()
    {
        // USER_HZ is 100 on every mainstream Linux build; getconf says for sure when it is there.
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true });
            if (process is not null && double.TryParse(process.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture, out double hz) && hz > 0)
            {
                process.WaitForExit();
                return hz;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
        return 100;
    }

    public void Dispose() => _http.Dispose();
}
