using System.Runtime.InteropServices;

namespace Janus.Media.Tests.Srtp;

/// <summary>
/// P/Invoke to Debian's libsrtp2 (2.5), used only as a reference implementation in tests. The struct layouts
/// follow srtp2/srtp.h of libsrtp 2.x on LP64; <see cref="LibSrtpInteropTests"/> asserts the offsets.
/// </summary>
internal static unsafe partial class LibSrtp
{
    private const string Library = "libsrtp2.so.1";

    public const int SsrcAnyInbound = 2;
    public const int SsrcAnyOutbound = 3;

    [StructLayout(LayoutKind.Sequential)]
    public struct CryptoPolicy
    {
        public int CipherType;
        public int CipherKeyLength;
        public int AuthType;
        public int AuthKeyLength;
        public int AuthTagLength;
        public int SecurityServices;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Policy
    {
        public int SsrcType;
        public uint SsrcValue;
        public CryptoPolicy Rtp;
        public CryptoPolicy Rtcp;
        public byte* Key;
        public nint Keys;
        public nuint NumMasterKeys;
        public nint DeprecatedEkt;
        public nuint WindowSize;
        public int AllowRepeatTx;
        public int* EncryptedExtensionHeaders;
        public int EncryptedExtensionHeaderCount;
        public nint Next;
    }

    [LibraryImport(Library, EntryPoint = "srtp_init")]
    public static partial int Init();

    [LibraryImport(Library, EntryPoint = "srtp_create")]
    public static partial int Create(out nint session, Policy* policy);

    [LibraryImport(Library, EntryPoint = "srtp_dealloc")]
    public static partial int Dealloc(nint session);

    [LibraryImport(Library, EntryPoint = "srtp_crypto_policy_set_from_profile_for_rtp")]
    public static partial int SetRtpPolicyFromProfile(CryptoPolicy* policy, int profile);

    [LibraryImport(Library, EntryPoint = "srtp_crypto_policy_set_from_profile_for_rtcp")]
    public static partial int SetRtcpPolicyFromProfile(CryptoPolicy* policy, int profile);

    [LibraryImport(Library, EntryPoint = "srtp_protect")]
    public static partial int Protect(nint session, byte* packet, int* length);

    [LibraryImport(Library, EntryPoint = "srtp_unprotect")]
    public static partial int Unprotect(nint session, byte* packet, int* length);

    [LibraryImport(Library, EntryPoint = "srtp_protect_rtcp")]
    public static partial int ProtectRtcp(nint session, byte* packet, int* length);

    [LibraryImport(Library, EntryPoint = "srtp_unprotect_rtcp")]
    public static partial int UnprotectRtcp(nint session, byte* packet, int* length);

    private static readonly Lazy<int> s_initialized = new(Init);

    /// <summary>A libsrtp session for one profile and one master key, sending or receiving.</summary>
    public sealed class Session : IDisposable
    {
        private nint _handle;

        public Session(int profileId, byte[] masterKey, byte[] masterSalt, bool outbound, bool encryptRtcp = true)
        {
            int init = s_initialized.Value;
            if (init != 0)
            {
                throw new InvalidOperationException($"srtp_init failed: {init}");
            }

            var policy = default(Policy);
            int status = SetRtpPolicyFromProfile(&policy.Rtp, profileId);
            status |= SetRtcpPolicyFromProfile(&policy.Rtcp, profileId);
            if (status != 0)
            {
                throw new InvalidOperationException($"libsrtp does not support profile {profileId}");
            }

            if (!encryptRtcp)
            {
                // sec_serv_auth: SRTCP sent with E = 0 (RFC 3711 §3.4, RFC 7714 §9.2).
                policy.Rtcp.SecurityServices = 2;
            }

            // libsrtp takes the master key and salt concatenated and copies them during srtp_create.
            byte[] keyAndSalt = [.. masterKey, .. masterSalt];
            policy.SsrcType = outbound ? SsrcAnyOutbound : SsrcAnyInbound;
            policy.WindowSize = 128;
            policy.AllowRepeatTx = 1;
            fixed (byte* key = keyAndSalt)
            {
                policy.Key = key;
                status = Create(out _handle, &policy);
            }

            if (status != 0)
            {
                throw new InvalidOperationException($"srtp_create failed: {status}");
            }
        }

        /// <returns>libsrtp's status (0 = ok) and the new length.</returns>
        public int ProtectRtp(byte[] buffer, ref int length) => Call(&Protect, buffer, ref length);

        public int UnprotectRtp(byte[] buffer, ref int length) => Call(&Unprotect, buffer, ref length);

        public int ProtectRtcpPacket(byte[] buffer, ref int length) => Call(&ProtectRtcp, buffer, ref length);

        public int UnprotectRtcpPacket(byte[] buffer, ref int length) => Call(&UnprotectRtcp, buffer, ref length);

        private int Call(delegate*<nint, byte*, int*, int> function, byte[] buffer, ref int length)
        {
            int len = length;
            int status;
            fixed (byte* packet = buffer)
            {
                status = function(_handle, packet, &len);
            }

            length = len;
            return status;
        }

        public void Dispose()
        {
            if (_handle != 0)
            {
                Dealloc(_handle);
                _handle = 0;
            }
        }
    }
}
