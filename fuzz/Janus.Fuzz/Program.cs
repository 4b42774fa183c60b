using SharpFuzz;

namespace Janus.Fuzz;

/// <summary>
/// Coverage-guided fuzz targets, one per parser (fuzz/README.md).
/// <c>Janus.Fuzz TARGET</c> is what afl-fuzz runs: SharpFuzz's loop reads each input from afl (stdin or shared
/// memory) and reports the instrumented assemblies' coverage. <c>Janus.Fuzz TARGET FILE...</c> runs the target
/// once per file without afl, to replay a crash or check a corpus; it exits 1 when any file throws.
/// </summary>
internal static class Program
{
    private static readonly Dictionary<string, Action<byte[]>> Targets = new(StringComparer.Ordinal)
    {
        ["sdp"] = SdpTarget.Run,
        ["stun"] = StunTarget.Run,
        ["rtp"] = RtpTarget.Run,
        ["rtcp"] = RtcpTarget.Run,
        ["dtls"] = DtlsRecordTarget.Run,
        ["sctp"] = SctpTarget.Run,
        ["jcfg"] = JcfgTarget.Run,
        ["api"] = ApiTarget.Run,
    };

    private static int Main(string[] args)
    {
        if (args.Length == 0 || !Targets.TryGetValue(args[0], out Action<byte[]>? target))
        {
            Console.Error.WriteLine($"usage: Janus.Fuzz TARGET [FILE...]; targets: {string.Join(", ", Targets.Keys)}");
            return 2;
        }
        if (args.Length == 1)
        {
            Fuzzer.Run(stream =>
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                target(copy.ToArray());
            });
            return 0;
        }
        int failures = 0;
        foreach (string file in args.Skip(1))
        {
            try
            {
                target(File.ReadAllBytes(file));
            }
            catch (Exception ex)
            {
                failures++;
                Console.Error.WriteLine($"{file}: {ex}");
            }
        }
        Console.WriteLine($"{args.Length - 1 - failures} passed, {failures} failed");
        return failures == 0 ? 0 : 1;
    }
}
