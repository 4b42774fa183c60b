using System.Diagnostics;
using System.Globalization;
using Janus.Core.Configuration;
using Janus.Core.Logging;
using Janus.Media.Dtls;
using Janus.Media.Ice;

namespace Janus.Bench.Media;

/// <summary>
/// The media benchmark: N echo PeerConnections against a server running in another process, measured from
/// outside (its /proc CPU time and RSS, its allocation counter through the Admin API) so the bench's own work
/// does not count. Phases: warm-up PCs up with media (JIT, first-use tables, the runtime's one-time growth) →
/// baseline RSS → N PCs up (RSS per PC, warm-up PCs still up) → warm-up PCs down → idle window (idle CPU and
/// allocation rates) → media for a settling second → measured window.
/// </summary>
internal static class MediaBench
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(MediaBenchOptions options)
    {
        JanusLog.Level = JanusLogLevel.Warn;
        int pid = options.Pid > 0 ? options.Pid : ServerProbe.FindListeningPid(options.Url.Port);
        if (pid <= 0)
        {
            Console.Error.WriteLine($"cannot find the process listening on port {options.Url.Port}: pass --pid");
            return 1;
        }
        using var probe = new ServerProbe(pid, options.Admin, options.AdminSecret);
        var mediaOptions = new MediaOptions { Interface = options.ClientIp };
        using var network = new IceNetwork(mediaOptions);
        DtlsCertificate certificate = DtlsCertificate.Generate("janus-bench");
        await using var signalling = new JanusSignalling();
        await signalling.ConnectAsync(options.Url);
        Console.WriteLine($"server pid {pid}; {options.Plugin}; {options.PeerConnections} PCs x {options.PacketsPerSecond} pkt/s x {options.PacketSize} B for {options.Seconds} s");

        long rssCold = probe.RssBytes();
        long? gcCold = await probe.GcCommittedBytesAsync();
        EchoPeer[] warmup = await WarmUpAsync(signalling, network, certificate, options);
        var peers = new EchoPeer[options.PeerConnections];
        var setupClock = new Stopwatch();
        try
        {
            long rssBefore = probe.RssBytes();
            long? gcBefore = await probe.GcCommittedBytesAsync();
            var warmupStep = new RssStep(warmup.Length, rssBefore - rssCold, gcBefore - gcCold);

            // Two steps, half the PCs each, with the RSS read after each: the average over all N carries whatever
            // the runtime still grows under this load (GC budgets, JIT code), the second half's slope does not.
            // The warm-up PCs stay up meanwhile, so the N PCs cannot reuse what closed PCs freed.
            int half = peers.Length / 2;
            await ConnectAsync(peers, 0, half, signalling, network, certificate, setupClock, options.Plugin);
            await Task.Delay(half > 0 ? Settle : TimeSpan.Zero);
            long rssHalf = probe.RssBytes();
            long? gcHalf = await probe.GcCommittedBytesAsync();
            await ConnectAsync(peers, half, peers.Length, signalling, network, certificate, setupClock, options.Plugin);

            await Task.Delay(Settle);
            long rssIdle = probe.RssBytes();
            long? gcIdle = await probe.GcCommittedBytesAsync();

            // The windows below count the N PCs only: idle PCs still cost consent checks and reports.
            await CloseAsync(warmup, signalling);
            await Task.Delay(warmup.Length > 0 ? Settle : TimeSpan.Zero);
            Sample idleStart = await Sample.TakeAsync(probe, peers);
            await Task.Delay(IdleWindow);
            Sample idleEnd = await Sample.TakeAsync(probe, peers);
            long adminCost = await AdminCallCostAsync(probe);

            Sample start, end;
            using (var pacer = new PacketPacer(peers, options.PacketsPerSecond, options.PacketSize))
            {
                pacer.Start();
                await Task.Delay(Settle);
                start = await Sample.TakeAsync(probe, peers);
                await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
                end = await Sample.TakeAsync(probe, peers);
            }
            await Task.Delay(500); // let the last echoes land before totals

            var report = new MediaBenchReport(options, setupClock.Elapsed, warmupStep, rssBefore, rssIdle, gcIdle - gcBefore,
                new RssStep(peers.Length - half, rssIdle - rssHalf, gcIdle - gcHalf), idleStart, idleEnd, start, end, adminCost,
                Sum(peers, p => p.Sent), Sum(peers, p => p.Echoed), Sum(peers, p => p.UnprotectFailures), Sum(peers, p => p.RtcpReceived));
            report.Print(Console.Out);
            return 0;
        }
        finally
        {
            await CloseAsync(warmup, signalling);
            await CloseAsync(peers, signalling);
        }
    }

    /// <summary>Destroys each peer's session (so the server closes its PC) and disposes the peer; twice is harmless.</summary>
    private static async Task CloseAsync(EchoPeer?[] peers, JanusSignalling signalling)
    {
        for (int i = 0; i < peers.Length; i++)
        {
            if (peers[i] is not { } peer)
            {
                continue;
            }
            peers[i] = null;
            try
            {
                if (peer.Session != 0)
                {
                    await signalling.DestroySessionAsync(peer.Session);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
            }
            peer.Dispose();
        }
    }

    /// <summary>Brings peers [from, to) up, eight handshakes at a time (the DTLS handshakes are the costly part).</summary>
    private static async Task ConnectAsync(EchoPeer[] peers, int from, int to, JanusSignalling signalling, IceNetwork network,
        DtlsCertificate certificate, Stopwatch clock, string plugin)
    {
        clock.Start();
        using var gate = new SemaphoreSlim(8);
        var connecting = new Task[to - from];
        for (int i = from; i < to; i++)
        {
            EchoPeer peer = peers[i] = new EchoPeer(signalling, network, certificate, plugin);
            connecting[i - from] = Task.Run(async () =>
            {
                await gate.WaitAsync();
                try
                {
                    await peer.ConnectAsync(ConnectTimeout);
                }
                finally
                {
                    gate.Release();
                }
            });
        }
        await Task.WhenAll(connecting);
        clock.Stop();
    }

    /// <summary>
    /// Brings the server to its steady state before anything is measured: one PC up, with media, and down, so every
    /// set-up, packet and teardown path has been compiled once; a pause; then the warm-up PCs up with 1.5 s of
    /// media. The runtime starts counting calls only once no new method has been compiled for 100 ms
    /// (TC_CallCountingDelayMs) and recompiles a method at tier 1 after 30 calls: the second wave, counted in full,
    /// tiers up the per-PC paths. Without the first PC, a wave of new code postponed the count into the measured
    /// PCs (one PC then measured 1.1 MB, most of it JIT). The warm-up PCs stay up for the RSS step.
    /// </summary>
    private static async Task<EchoPeer[]> WarmUpAsync(JanusSignalling signalling, IceNetwork network, DtlsCertificate certificate, MediaBenchOptions options)
    {
        var peers = new EchoPeer[options.WarmupPeerConnections];
        if (peers.Length == 0)
        {
            return peers;
        }
        var first = new EchoPeer[1];
        await ConnectAsync(first, 0, 1, signalling, network, certificate, new Stopwatch(), options.Plugin);
        await SendMediaAsync(first, options.PacketSize);
        await CloseAsync(first, signalling);
        await Task.Delay(Settle);

        await ConnectAsync(peers, 0, peers.Length, signalling, network, certificate, new Stopwatch(), options.Plugin);
        await SendMediaAsync(peers, options.PacketSize);
        await Task.Delay(Settle);
        return peers;
    }

    private static async Task SendMediaAsync(EchoPeer[] peers, int packetSize)
    {
        using var pacer = new PacketPacer(peers, 200, packetSize);
        pacer.Start();
        await Task.Delay(1500);
    }

    /// <summary>What one get_status call allocates in the server, so the windows can leave it out.</summary>
    private static async Task<long> AdminCallCostAsync(ServerProbe probe)
    {
        long? first = await probe.AllocatedBytesAsync();
        long? second = await probe.AllocatedBytesAsync();
        return first is { } a && second is { } b ? Math.Max(0, b - a) : 0;
    }

    private static long Sum(EchoPeer[] peers, Func<EchoPeer, long> value)
    {
        long total = 0;
        foreach (EchoPeer peer in peers)
        {
            total += value(peer);
        }
        return total;
    }
}

/// <summary>What the server's RSS and GC commitment grew by while some PCs came up.</summary>
internal readonly record struct RssStep(int PeerConnections, long RssGrowth, long? GcCommittedGrowth);

/// <summary>Server and client counters at one instant.</summary>
internal readonly record struct Sample(long Timestamp, double UserMicroseconds, double KernelMicroseconds, long? AllocatedBytes, long Sent, long Echoed,
    long PacketThreadNanoseconds, long PacketThreadWakeups)
{
    /// <summary>The media core's packet threads (UdpReactor): receive, SRTP, plugin or relay, send, run inline there.</summary>
    public const string PacketThreadPrefix = "udp-reactor";

    public double CpuMicroseconds => UserMicroseconds + KernelMicroseconds;

    public static async Task<Sample> TakeAsync(ServerProbe probe, EchoPeer[] peers)
    {
        (long? allocated, (double User, double Kernel)? cpu) = await probe.CountersAsync();
        (double user, double kernel) = cpu ?? probe.CpuMicroseconds();
        (long packetNs, long packetWakeups) = probe.ThreadCpu(PacketThreadPrefix);
        long sent = 0, echoed = 0;
        foreach (EchoPeer peer in peers)
        {
            sent += peer.Sent;
            echoed += peer.Echoed;
        }
        return new Sample(Stopwatch.GetTimestamp(), user, kernel, allocated, sent, echoed, packetNs, packetWakeups);
    }

    public double SecondsUntil(Sample later) => (later.Timestamp - Timestamp) / (double)Stopwatch.Frequency;
}

internal sealed record MediaBenchReport(
    MediaBenchOptions Options, TimeSpan Setup, RssStep Warmup, long RssBefore, long RssIdle, long? GcCommittedGrowth, RssStep SecondHalf, Sample IdleStart, Sample IdleEnd, Sample Start, Sample End,
    long AdminCallBytes, long TotalSent, long TotalEchoed, long UnprotectFailures, long RtcpReceived)
{
    public void Print(TextWriter output)
    {
        int n = Options.PeerConnections;
        double idleSeconds = IdleStart.SecondsUntil(IdleEnd);
        double idleCpuPerSecond = (IdleEnd.CpuMicroseconds - IdleStart.CpuMicroseconds) / idleSeconds;
        double? idleAllocPerSecond = Delta(IdleStart.AllocatedBytes, IdleEnd.AllocatedBytes) / idleSeconds;

        double seconds = Start.SecondsUntil(End);
        long echoed = End.Echoed - Start.Echoed;
        long sent = End.Sent - Start.Sent;
        double cpu = End.CpuMicroseconds - Start.CpuMicroseconds;
        double? allocated = Delta(Start.AllocatedBytes, End.AllocatedBytes);
        double perPacket = echoed > 0 ? cpu / echoed : double.NaN;
        double perPacketNet = echoed > 0 ? (cpu - idleCpuPerSecond * seconds) / echoed : double.NaN;
        double? allocPerPacket = echoed > 0 ? allocated / echoed : null;
        double? allocPerPacketNet = echoed > 0 ? (allocated - idleAllocPerSecond * seconds) / echoed : null;

        output.WriteLine();
        output.WriteLine($"PeerConnections                 {n}");
        output.WriteLine($"setup (all PCs up)              {Setup.TotalSeconds:F2} s");
        output.WriteLine($"window                          {seconds:F2} s");
        output.WriteLine($"sent / echoed in window         {sent} / {echoed}  (loss {(sent > 0 ? 100.0 * (sent - echoed) / sent : 0):F2} %)");
        output.WriteLine($"echoed packets/s                {echoed / seconds:F0}");
        output.WriteLine($"server CPU                      {cpu / seconds / 10_000:F1} % of one core");
        output.WriteLine($"server CPU per echoed packet    {perPacket:F1} us  (net of idle: {perPacketNet:F1} us)");
        if (echoed > 0)
        {
            double user = (End.UserMicroseconds - Start.UserMicroseconds) / echoed;
            double kernel = (End.KernelMicroseconds - Start.KernelMicroseconds) / echoed;
            output.WriteLine($"  of which user / kernel         {user:F1} us / {kernel:F1} us  (user: our code and libcrypto; kernel: UDP stack, wakeups)");
            double idlePacketThreadPerSecond = (IdleEnd.PacketThreadNanoseconds - IdleStart.PacketThreadNanoseconds) / 1000.0 / idleSeconds;
            double packetThread = (End.PacketThreadNanoseconds - Start.PacketThreadNanoseconds) / 1000.0;
            output.WriteLine($"  of which packet threads        {packetThread / echoed:F1} us  (net of idle: {(packetThread - idlePacketThreadPerSecond * seconds) / echoed:F1} us; " +
                $"{(End.PacketThreadWakeups - Start.PacketThreadWakeups) / (double)echoed:F2} wakeups per packet; {Sample.PacketThreadPrefix}-* threads, exact schedstat time)");
        }
        output.WriteLine($"server alloc per echoed packet  {Format(allocPerPacket)} B  (net of idle: {Format(allocPerPacketNet)} B)");
        output.WriteLine($"server idle (N PCs, no media)   {idleCpuPerSecond / 10_000:F2} % CPU, {Format(idleAllocPerSecond)} B/s allocated");
        if (Warmup.PeerConnections > 0)
        {
            output.WriteLine($"warm-up PCs (up with media)     {Warmup.PeerConnections}: RSS grew {Warmup.RssGrowth / 1024.0 / Warmup.PeerConnections:F0} KB each" +
                (Warmup.GcCommittedGrowth is { } gcw ? $" (GC committed {gcw / 1024.0 / Warmup.PeerConnections:F0} KB)" : "") +
                ", with the runtime's one-time growth (JIT, GC budget); they stay up through the RSS step");
        }
        output.WriteLine($"server RSS before / N idle PCs  {RssBefore / 1024} KB / {RssIdle / 1024} KB");
        output.WriteLine($"server RSS per idle PC          {(RssIdle - RssBefore) / 1024.0 / n:F0} KB over all {n}" +
            (GcCommittedGrowth is { } gc ? $"  (GC committed {gc / 1024.0 / n:F0} KB, the rest {(RssIdle - RssBefore - gc) / 1024.0 / n:F0} KB)" : ""));
        if (SecondHalf.PeerConnections > 0 && SecondHalf.PeerConnections < n)
        {
            output.WriteLine($"  the second {SecondHalf.PeerConnections} PCs alone       {SecondHalf.RssGrowth / 1024.0 / SecondHalf.PeerConnections:F0} KB each" +
                (SecondHalf.GcCommittedGrowth is { } gc2 ? $"  (GC committed {gc2 / 1024.0 / SecondHalf.PeerConnections:F0} KB, the rest {(SecondHalf.RssGrowth - gc2) / 1024.0 / SecondHalf.PeerConnections:F0} KB)" : "") +
                "; the slope: the cost of one more PC");
        }
        output.WriteLine($"whole run: sent {TotalSent}, echoed {TotalEchoed}, undecryptable {UnprotectFailures}, RTCP from server {RtcpReceived}");
        output.WriteLine();
        output.WriteLine("| N | pkt/s echoed | loss % | CPU us/pkt | CPU us/pkt net | alloc B/pkt | alloc B/pkt net | RSS KB/PC | setup s |");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {n} | {echoed / seconds:F0} | {(sent > 0 ? 100.0 * (sent - echoed) / sent : 0):F2} | {perPacket:F1} | {perPacketNet:F1} | {Format(allocPerPacket)} | {Format(allocPerPacketNet)} | {(RssIdle - RssBefore) / 1024.0 / n:F0} | {Setup.TotalSeconds:F1} |"));
    }

    // The window's delta includes one get_status call's own allocations (the end sample's request).
    private double? Delta(long? start, long? end) => start is { } s && end is { } e ? Math.Max(0, e - s - AdminCallBytes) : null;

    private static string Format(double? value) => value is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) : "n/a";
}
