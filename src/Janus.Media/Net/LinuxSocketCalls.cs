using System.Runtime.InteropServices;

namespace Janus.Media.Net;

/// <summary>
/// The few libc calls the UDP reactor needs (epoll(7), recvmmsg(2) with MSG_DONTWAIT, sendmmsg(2)). .NET's Socket has no
/// non-throwing "receive if there is something" and its own epoll engine hands every completion to the thread
/// pool, which on a paravirtualised host costs more than the packet's whole processing (see docs/benchmarks.md).
/// </summary>
internal static unsafe partial class LinuxSocketCalls
{
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const uint EpollIn = 0x001;
    public const int EpollCloexec = 0x80000;
    public const int MsgDontWait = 0x40;
    public const int EAgain = 11;
    public const int EIntr = 4;

    /// <summary>glibc packs struct epoll_event on x86-64 only (12 bytes, data at offset 4); elsewhere it is 16 bytes.</summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    public static readonly int EpollDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    public static bool IsSupported =>
        OperatingSystem.IsLinux() &&
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epfd, int op, int fd, byte* eventBuffer);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, byte* events, int maxEvents, int timeoutMs);

    /// <summary>recvmmsg(2): several datagrams in one call into an array of struct mmsghdr (see <see cref="MessageBatch"/>).</summary>
    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMmsg(int fd, byte* messages, uint count, int flags, void* timeout);

    /// <summary>sendmmsg(2): several datagrams in one call; returns how many went.</summary>
    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMmsg(int fd, byte* messages, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
