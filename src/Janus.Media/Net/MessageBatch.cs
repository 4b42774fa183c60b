using System.Net;
using System.Runtime.InteropServices;

namespace Janus.Media.Net;

/// <summary>
/// Native memory for recvmmsg(2)/sendmmsg(2): an array of <c>struct mmsghdr</c>, one iovec, one address and one
/// data buffer per message, allocated once per reactor thread. The layouts are the LP64 ones (x86-64 and arm64,
/// the only targets <see cref="LinuxSocketCalls.IsSupported"/> admits).
/// </summary>
internal sealed unsafe class MessageBatch : IDisposable
{
    // struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; } on LP64: 56 + 4, padded to 64.
    private const int MessageSize = 64;
    private const int NameOffset = 0;
    private const int NameLengthOffset = 8;
    private const int IovOffset = 16;
    private const int IovLengthOffset = 24;
    private const int FlagsOffset = 48;
    private const int LengthOffset = 56;
    private const int IovecSize = 16;
    // struct sockaddr_storage.
    private const int AddressCapacity = 128;

    private readonly byte* _memory;
    private readonly byte* _messages;
    private readonly byte* _iovecs;
    private readonly byte* _addresses;
    private readonly byte* _data;

    public MessageBatch(int capacity, int datagramCapacity)
    {
        Capacity = capacity;
        DatagramCapacity = datagramCapacity;
        nuint total = (nuint)(capacity * (MessageSize + IovecSize + AddressCapacity + datagramCapacity));
        _memory = (byte*)NativeMemory.AlignedAlloc(total, 64);
        NativeMemory.Clear(_memory, total);
        _messages = _memory;
        _iovecs = _messages + capacity * MessageSize;
        _addresses = _iovecs + capacity * IovecSize;
        _data = _addresses + capacity * AddressCapacity;
        for (int i = 0; i < capacity; i++)
        {
            byte* message = _messages + i * MessageSize;
            byte* iovec = _iovecs + i * IovecSize;
            *(byte**)(iovec) = _data + (nint)i * datagramCapacity;
            *(nuint*)(iovec + 8) = (nuint)datagramCapacity;
            *(byte**)(message + NameOffset) = _addresses + i * AddressCapacity;
            *(byte**)(message + IovOffset) = iovec;
            *(nuint*)(message + IovLengthOffset) = 1;
        }
    }

    public int Capacity { get; }
    public int DatagramCapacity { get; }

    /// <summary>The <c>struct mmsghdr</c> array starting at message <paramref name="index"/>, for the syscalls.</summary>
    public byte* MessagesFrom(int index) => _messages + index * MessageSize;

    /// <summary>Readies every message for recvmmsg: full buffers, room for any address.</summary>
    public void PrepareReceive()
    {
        for (int i = 0; i < Capacity; i++)
        {
            byte* message = _messages + i * MessageSize;
            *(uint*)(message + NameLengthOffset) = AddressCapacity;
            *(int*)(message + FlagsOffset) = 0;
            *(nuint*)(_iovecs + i * IovecSize + 8) = (nuint)DatagramCapacity;
        }
    }

    /// <summary>The datagram recvmmsg put in message <paramref name="index"/>.</summary>
    public Span<byte> Received(int index)
    {
        byte* message = _messages + index * MessageSize;
        int length = Math.Min(*(int*)(message + LengthOffset), DatagramCapacity);
        return new Span<byte>(_data + (nint)index * DatagramCapacity, length);
    }

    /// <summary>Copies message <paramref name="index"/>'s source address into <paramref name="address"/>.</summary>
    public void CopyAddress(int index, SocketAddress address)
    {
        byte* message = _messages + index * MessageSize;
        int length = Math.Min((int)*(uint*)(message + NameLengthOffset), address.Buffer.Length);
        new ReadOnlySpan<byte>(_addresses + index * AddressCapacity, length).CopyTo(address.Buffer.Span);
        address.Size = length;
    }

    /// <summary>Fills message <paramref name="index"/> for sendmmsg; false when the datagram or address does not fit.</summary>
    public bool TrySetOutgoing(int index, ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        int addressLength = remote.Size;
        if (datagram.Length > DatagramCapacity || addressLength > AddressCapacity)
        {
            return false;
        }
        byte* message = _messages + index * MessageSize;
        datagram.CopyTo(new Span<byte>(_data + (nint)index * DatagramCapacity, DatagramCapacity));
        *(nuint*)(_iovecs + index * IovecSize + 8) = (nuint)datagram.Length;
        remote.Buffer.Span[..addressLength].CopyTo(new Span<byte>(_addresses + index * AddressCapacity, AddressCapacity));
        *(uint*)(message + NameLengthOffset) = (uint)addressLength;
        *(int*)(message + FlagsOffset) = 0;
        return true;
    }

    public void Dispose() => NativeMemory.AlignedFree(_memory);
}
