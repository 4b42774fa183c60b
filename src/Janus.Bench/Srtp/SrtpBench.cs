using System.Diagnostics;
using System.Globalization;
using Janus.Media.Srtp;

namespace Janus.Bench.Srtp;

/// <summary>
/// <c>janus-bench srtp [PACKETS] [SIZE]</c>: CPU per SRTP protect + unprotect of one RTP packet for each profile, and
/// AES-GCM on our AES-NI code against .NET's AesGcm (OpenSSL), on one thread, as the receive thread does.
/// </summary>
internal static class SrtpBench
{
    public static int Run(string[] args)
    {
        int packets = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        int size = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1200;
        Console.WriteLine($"{packets} packets of {size} bytes, protect then unprotect, one thread");
        foreach (SrtpProfile profile in new[] { SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm })
        {
            Measure(profile.Name, packets / 4, size, () => Sessions(profile), print: false); // JIT tiering first
            Measure(profile.Name, packets, size, () => Sessions(profile), print: true);
        }
        Console.WriteLine(AesGcmNi.IsSupported ? "AES-GCM above uses AES-NI/PCLMULQDQ; .NET AesGcm (OpenSSL) for comparison:" : "no AES-NI: AES-GCM above is .NET's AesGcm");
        MeasureCipher("AesGcm (OpenSSL)", packets / 4, size, useIntrinsics: false, print: false);
        MeasureCipher("AesGcm (OpenSSL)", packets, size, useIntrinsics: false, print: true);
        if (AesGcmNi.IsSupported)
        {
            MeasureCipher("AesGcmNi", packets / 4, size, useIntrinsics: true, print: false);
            MeasureCipher("AesGcmNi", packets, size, useIntrinsics: true, print: true);
        }
        return 0;
    }

    private static (SrtpSession Out, SrtpSession In) Sessions(SrtpProfile profile)
    {
        byte[] key = new byte[profile.MasterKeyLength];
        byte[] salt = new byte[profile.MasterSaltLength];
        Random.Shared.NextBytes(key);
        Random.Shared.NextBytes(salt);
        return (new SrtpSession(profile, key, salt), new SrtpSession(profile, key, salt));
    }

    private static void Measure(string name, int packets, int size, Func<(SrtpSession Out, SrtpSession In)> create, bool print)
    {
        (SrtpSession sender, SrtpSession receiver) = create();
        byte[] buffer = new byte[size + 64];
        ushort sequence = 1;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        TimeSpan cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < packets; i++)
        {
            buffer[0] = 0x80;
            buffer[1] = 96;
            buffer[2] = (byte)(sequence >> 8);
            buffer[3] = (byte)sequence++;
            buffer[11] = 7;
            if (sender.ProtectRtp(buffer, size, out int length) != SrtpStatus.Ok
                || receiver.UnprotectRtp(buffer, length, out _) != SrtpStatus.Ok)
            {
                throw new InvalidOperationException(name + " round trip failed");
            }
        }
        clock.Stop();
        double us = (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / packets;
        long bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        if (print)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-28} {us,6:F2} us CPU per protect+unprotect  ({clock.Elapsed.TotalMicroseconds / packets:F2} us wall, {bytes / (double)packets:F1} B allocated per packet)"));
        }
        sender.Dispose();
        receiver.Dispose();
    }

    private static void MeasureCipher(string name, int packets, int size, bool useIntrinsics, bool print)
    {
        byte[] key = new byte[16];
        byte[] salt = new byte[12];
        Random.Shared.NextBytes(key);
        using var cipher = new AesGcmCipher(key, salt, useIntrinsics);
        byte[] data = new byte[size - 12];
        byte[] header = new byte[12];
        byte[] nonce = new byte[12];
        byte[] tag = new byte[16];
        TimeSpan cpu = Environment.CpuUsage.TotalTime;
        for (int i = 0; i < packets; i++)
        {
            cipher.BuildRtpNonce(nonce, 7, 0, (ushort)i);
            cipher.Encrypt(nonce, data, tag, header);
            if (!cipher.TryDecrypt(nonce, data, tag, header))
            {
                throw new InvalidOperationException(name + " failed");
            }
        }
        double us = (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / packets;
        if (print)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-28} {us,6:F2} us CPU per encrypt+decrypt of {size - 12} bytes"));
        }
    }
}
