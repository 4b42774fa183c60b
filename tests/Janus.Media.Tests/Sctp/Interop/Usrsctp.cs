using System.Runtime.InteropServices;

namespace Janus.Media.Tests.Sctp.Interop;

/// <summary>
/// The few usrsctp calls (Debian's libusrsctp2, the SCTP stack of Janus and Firefox) the interop test needs, over
/// AF_CONN so packets pass through our callback instead of a socket.
/// </summary>
internal static unsafe partial class Usrsctp
{
    private const string Library = "libusrsctp.so.2";
    public const int AfConn = 123;
    public const int SockStream = 1;
    public const int IpProtoSctp = 132;
    public const int SctpRecvRcvInfo = 0x1f;
    public const int SctpNoDelay = 0x04;
    public const uint SctpSendvSndInfo = 1;
    public const int SctpEnableStreamReset = 0x900;
    public const int SctpResetStreams = 0x901;
    public const uint SctpEnableResetStreamReq = 0x01;
    public const ushort SctpStreamResetOutgoing = 0x02;
    public const int MsgEor = 0x80;
    public const int MsgNotification = 0x2000;

    [StructLayout(LayoutKind.Sequential)]
    public struct SockAddrConn
    {
        public ushort Family;
        public ushort Port; // network byte order
        public IntPtr Address;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct RcvInfo
    {
        public ushort Sid;
        public ushort Ssn;
        public ushort Flags;
        public uint Ppid; // network byte order
        public uint Tsn;
        public uint CumTsn;
        public uint Context;
        public uint AssocId;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct SndInfo
    {
        public ushort Sid;
        public ushort Flags;
        public uint Ppid; // network byte order
        public uint Context;
        public uint AssocId;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int ConnOutput(IntPtr address, IntPtr buffer, nuint length, byte tos, byte setDf);

    [DllImport(Library)]
    public static extern void usrsctp_init(ushort port, ConnOutput output, IntPtr debugPrintf);

    [DllImport(Library)]
    public static extern void usrsctp_register_address(IntPtr address);

    [DllImport(Library)]
    public static extern void usrsctp_deregister_address(IntPtr address);

    [DllImport(Library)]
    public static extern void usrsctp_conninput(IntPtr address, byte* buffer, nuint length, byte ecnBits);

    [DllImport(Library)]
    public static extern IntPtr usrsctp_socket(int domain, int type, int protocol, IntPtr receiveCallback, IntPtr sendCallback,
        uint threshold, IntPtr ulpInfo);

    [DllImport(Library)]
    public static extern int usrsctp_setsockopt(IntPtr socket, int level, int option, void* value, uint length);

    [DllImport(Library)]
    public static extern int usrsctp_set_non_blocking(IntPtr socket, int on);

    [DllImport(Library)]
    public static extern int usrsctp_bind(IntPtr socket, SockAddrConn* address, uint length);

    [DllImport(Library)]
    public static extern int usrsctp_connect(IntPtr socket, SockAddrConn* address, uint length);

    [DllImport(Library)]
    public static extern nint usrsctp_sendv(IntPtr socket, byte* data, nuint length, IntPtr to, int addressCount, void* info,
        uint infoLength, uint infoType, int flags);

    [DllImport(Library)]
    public static extern nint usrsctp_recvv(IntPtr socket, byte* buffer, nuint length, byte* from, uint* fromLength, void* info,
        uint* infoLength, uint* infoType, int* flags);

    public const int ShutReadWrite = 2; // SHUT_RDWR

    [DllImport(Library)]
    public static extern int usrsctp_shutdown(IntPtr socket, int how);

    [DllImport(Library)]
    public static extern void usrsctp_close(IntPtr socket);
}
