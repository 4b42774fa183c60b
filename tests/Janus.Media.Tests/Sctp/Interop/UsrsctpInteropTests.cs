using System.Buffers.Binary;
using System.Collections.Concurrent;
using Janus.Media.Sctp;

namespace Janus.Media.Tests.Sctp.Interop;

/// <summary>
/// Our association against usrsctp (Debian package libusrsctp2) over AF_CONN: usrsctp connects at the same
/// time as we do, as Janus does, so this also crosses INITs with a real stack; then an echo peer answers DCEP
/// OPEN with ACK and returns every message; it then resets the stream, and we shut down.
/// </summary>
[Trait("Category", "Interop")]
public sealed unsafe class UsrsctpInteropTests
{
    private static readonly object s_initLock = new();
    private static bool s_initialized;
    private static Usrsctp.ConnOutput? s_output;
    private static volatile Action<byte[]>? s_toUs;

    private static void EnsureInitialized()
    {
        lock (s_initLock)
        {
            if (s_initialized)
            {
                return;
            }

            s_output = (address, buffer, length, tos, setDf) =>
            {
                // Called on usrsctp's own threads (its timers too, even after a test ended): an exception here would
                // unwind through native frames and take the test host down.
                try
                {
                    byte[] packet = new byte[(int)length];
                    new ReadOnlySpan<byte>((void*)buffer, (int)length).CopyTo(packet);
                    s_toUs?.Invoke(packet);
                }
                catch (Exception)
                {
                    // the test that owned this packet is gone
                }
                return 0;
            };
            Usrsctp.usrsctp_init(0, s_output, IntPtr.Zero);
            s_initialized = true;
        }
    }

    [Fact]
    public void AgainstUsrsctp_HandshakeDcepEchoAndShutdown()
    {
        EnsureInitialized();
        var address = (IntPtr)0x5C7;
        Usrsctp.usrsctp_register_address(address);
        var wire = new BlockingCollection<(bool ToUs, byte[] Packet)>();
        s_toUs = p => wire.Add((true, p));

        IntPtr socket = Usrsctp.usrsctp_socket(Usrsctp.AfConn, Usrsctp.SockStream, Usrsctp.IpProtoSctp, IntPtr.Zero, IntPtr.Zero, 0, IntPtr.Zero);
        Assert.NotEqual(IntPtr.Zero, socket);
        int on = 1;
        Assert.Equal(0, Usrsctp.usrsctp_setsockopt(socket, Usrsctp.IpProtoSctp, Usrsctp.SctpRecvRcvInfo, &on, sizeof(int)));
        Usrsctp.usrsctp_setsockopt(socket, Usrsctp.IpProtoSctp, Usrsctp.SctpNoDelay, &on, sizeof(int));
        uint* enableReset = stackalloc uint[2] { 0, Usrsctp.SctpEnableResetStreamReq }; // struct sctp_assoc_value
        Assert.Equal(0, Usrsctp.usrsctp_setsockopt(socket, Usrsctp.IpProtoSctp, Usrsctp.SctpEnableStreamReset, enableReset, 8));
        var sconn = new Usrsctp.SockAddrConn { Family = Usrsctp.AfConn, Port = BinaryPrimitives.ReverseEndianness((ushort)5000), Address = address };
        Assert.Equal(0, Usrsctp.usrsctp_bind(socket, &sconn, (uint)sizeof(Usrsctp.SockAddrConn)));

        var ours = new SctpAssociation(new SctpAssociationOptions { IsDtlsClient = true }, p => wire.Add((false, p.ToArray())));
        var opened = new ManualResetEventSlim();
        var established = new ManualResetEventSlim();
        var closed = new ManualResetEventSlim();
        var echoes = new BlockingCollection<(bool Binary, byte[] Data)>();
        ours.Established += established.Set;
        ours.ChannelOpened += _ => opened.Set();
        ours.MessageReceived += (_, binary, data) => echoes.Add((binary, data.ToArray()));
        ours.Closed += _ => closed.Set();
        var channelClosed = new ManualResetEventSlim();
        ours.ChannelClosed += _ => channelClosed.Set();

        var pump = new Thread(() =>
        {
            foreach (var (toUs, packet) in wire.GetConsumingEnumerable())
            {
                if (toUs)
                {
                    ours.HandleIncoming(packet);
                }
                else
                {
                    fixed (byte* p = packet)
                    {
                        Usrsctp.usrsctp_conninput(address, p, (nuint)packet.Length, 0);
                    }
                }
            }
        }) { IsBackground = true };
        pump.Start();

        Usrsctp.usrsctp_set_non_blocking(socket, 1);
        Usrsctp.usrsctp_connect(socket, &sconn, (uint)sizeof(Usrsctp.SockAddrConn)); // EINPROGRESS
        ours.Start();
        Thread? echo = null;
        try
        {
            Assert.True(established.Wait(TimeSpan.FromSeconds(15)), "association with usrsctp not established");
            Usrsctp.usrsctp_set_non_blocking(socket, 0);
            echo = new Thread(() => EchoLoop(socket)) { IsBackground = true };
            echo.Start();

            DataChannel channel = ours.OpenChannel("interop", "proto");
            Assert.True(opened.Wait(TimeSpan.FromSeconds(10)), "usrsctp peer never acknowledged DATA_CHANNEL_OPEN");

            byte[] big = new byte[150_000];
            new Random(5).NextBytes(big);
            Assert.True(channel.Send(false, "hello usrsctp"u8));
            Assert.True(channel.Send(true, big));
            Assert.True(channel.Send(true, ReadOnlySpan<byte>.Empty));
            for (int i = 0; i < 200; i++)
            {
                Assert.True(channel.Send(true, BitConverter.GetBytes(i)));
            }

            Assert.True(echoes.TryTake(out var first, TimeSpan.FromSeconds(10)));
            Assert.Equal("hello usrsctp"u8.ToArray(), first.Data);
            Assert.False(first.Binary);
            Assert.True(echoes.TryTake(out var second, TimeSpan.FromSeconds(10)));
            Assert.Equal(big, second.Data);
            Assert.True(echoes.TryTake(out var third, TimeSpan.FromSeconds(10)));
            Assert.Empty(third.Data);
            Assert.True(third.Binary);
            for (int i = 0; i < 200; i++)
            {
                Assert.True(echoes.TryTake(out var small, TimeSpan.FromSeconds(10)));
                Assert.Equal(i, BitConverter.ToInt32(small.Data));
            }

            // usrsctp resets its outgoing stream (RE-CONFIG, RFC 6525); we answer and reset ours: the channel closes.
            byte* reset = stackalloc byte[10]; // struct sctp_reset_streams with one stream
            *(uint*)reset = 0;
            *(ushort*)(reset + 4) = Usrsctp.SctpStreamResetOutgoing;
            *(ushort*)(reset + 6) = 1;
            *(ushort*)(reset + 8) = channel.Id;
            Assert.Equal(0, Usrsctp.usrsctp_setsockopt(socket, Usrsctp.IpProtoSctp, Usrsctp.SctpResetStreams, reset, 10));
            Assert.True(channelClosed.Wait(TimeSpan.FromSeconds(10)), "stream reset with usrsctp did not close the channel");
            Assert.Equal(DataChannelState.Closed, channel.State);

            ours.Close();
            Assert.True(closed.Wait(TimeSpan.FromSeconds(10)), "SHUTDOWN with usrsctp did not complete");
            Assert.Equal(0, ours.Counters.MalformedDropped);
            Assert.Equal(0, ours.Counters.InternalErrors);
        }
        finally
        {
            s_toUs = null;
            wire.CompleteAdding();
            pump.Join(TimeSpan.FromSeconds(5));
            ours.Dispose();
            // The echo thread may still be blocked in usrsctp_recvv on this socket: closing the socket under it frees
            // what it is using and crashes the test host. Shut it down (recvv returns), wait for the thread, then close.
            Usrsctp.usrsctp_shutdown(socket, Usrsctp.ShutReadWrite);
            echo?.Join(TimeSpan.FromSeconds(5));
            Usrsctp.usrsctp_close(socket);
            Usrsctp.usrsctp_deregister_address(address);
        }
    }

    /// <summary>Answers DATA_CHANNEL_OPEN with ACK and echoes everything else on the same stream with the same PPID.</summary>
    private static void EchoLoop(IntPtr socket)
    {
        byte[] buffer = new byte[512 * 1024];
        byte[] from = new byte[128];
        int length = 0;
        while (true)
        {
            Usrsctp.RcvInfo info;
            uint infoLength = (uint)sizeof(Usrsctp.RcvInfo);
            uint infoType = 0;
            uint fromLength = (uint)from.Length;
            int flags = 0;
            nint received;
            fixed (byte* b = buffer)
            fixed (byte* f = from)
            {
                received = Usrsctp.usrsctp_recvv(socket, b + length, (nuint)(buffer.Length - length), f, &fromLength, &info,
                    &infoLength, &infoType, &flags);
            }

            if (received <= 0)
            {
                return;
            }

            length += (int)received;
            if ((flags & Usrsctp.MsgEor) == 0 || (flags & Usrsctp.MsgNotification) != 0)
            {
                if ((flags & Usrsctp.MsgNotification) != 0)
                {
                    length = 0;
                }

                continue;
            }

            uint ppid = BinaryPrimitives.ReverseEndianness(info.Ppid);
            var send = new Usrsctp.SndInfo { Sid = info.Sid, Ppid = info.Ppid };
            fixed (byte* b = buffer)
            {
                if (ppid == 50 && buffer[0] == 0x03)
                {
                    byte ack = 0x02;
                    Usrsctp.usrsctp_sendv(socket, &ack, 1, IntPtr.Zero, 0, &send, (uint)sizeof(Usrsctp.SndInfo), Usrsctp.SctpSendvSndInfo, 0);
                }
                else
                {
                    Usrsctp.usrsctp_sendv(socket, b, (nuint)length, IntPtr.Zero, 0, &send, (uint)sizeof(Usrsctp.SndInfo), Usrsctp.SctpSendvSndInfo, 0);
                }
            }

            length = 0;
        }
    }
}
