using System.Text;
using Janus.Media.Dtls;
using Janus.Media.Tests.Dtls.Infrastructure;

namespace Janus.Media.Tests.Dtls;

public sealed class DtlsApplicationDataTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public void ApplicationData_FlowsBothWays()
    {
        using var pair = new DtlsPair();
        pair.Connect(Wait);

        Assert.True(pair.Client.SendApplicationData("ping"u8));
        Assert.True(pair.Server.SendApplicationData("pong"u8));

        pair.ServerSide.WaitForRecords(1, Wait);
        pair.ClientSide.WaitForRecords(1, Wait);
        Assert.Equal("ping", Encoding.ASCII.GetString(pair.ServerSide.Received.Single()));
        Assert.Equal("pong", Encoding.ASCII.GetString(pair.ClientSide.Received.Single()));
    }

    [Fact]
    public void ApplicationData_ThousandMessages_ArriveIntactAndInOrder()
    {
        using var pair = new DtlsPair();
        pair.Connect(Wait);
        const int Count = 1000;

        for (int i = 0; i < Count; i++)
        {
            byte[] message = Message(i);
            Assert.True(pair.Client.SendApplicationData(message));
            Assert.True(pair.Server.SendApplicationData(message));
        }

        pair.ServerSide.WaitForRecords(Count, Wait);
        pair.ClientSide.WaitForRecords(Count, Wait);
        Assert.Equal(Enumerable.Range(0, Count).Select(Message), pair.ServerSide.Received);
        Assert.Equal(Enumerable.Range(0, Count).Select(Message), pair.ClientSide.Received);
    }

    [Fact]
    public void ApplicationData_UpToTheMtu_FitsOneDatagram()
    {
        using var pair = new DtlsPair();
        pair.Connect(Wait);
        int max = pair.Client.MaxApplicationDataSize;
        int sentBefore = pair.ClientToServer.SentCount;

        Assert.InRange(max, 1100, 1200);
        Assert.True(pair.Client.SendApplicationData(new byte[max]));

        pair.ServerSide.WaitForRecords(1, Wait);
        Assert.Equal(max, pair.ServerSide.Received.Single().Length);
        Assert.Equal(sentBefore + 1, pair.ClientToServer.SentCount);
    }

    [Fact]
    public void ApplicationData_LargerThanTheMtu_StillArrives()
    {
        using var pair = new DtlsPair();
        pair.Connect(Wait);
        byte[] big = new byte[10000];
        new Random(3).NextBytes(big);

        Assert.True(pair.Server.SendApplicationData(big));

        pair.ClientSide.WaitForRecords(1, Wait);
        Assert.Equal(big, pair.ClientSide.Received.Single());
    }

    [Fact]
    public void SeveralRecordsInOneDatagram_AreAllDelivered()
    {
        using var pair = new DtlsPair();
        pair.Connect(Wait);
        var held = new List<byte[]>();
        pair.ClientToServer.Drop = (_, datagram) =>
        {
            lock (held)
            {
                held.Add(datagram);
            }
            return true;
        };
        pair.Client.SendApplicationData("one"u8);
        pair.Client.SendApplicationData("two"u8);
        pair.Client.SendApplicationData("three"u8);

        byte[] packed;
        lock (held)
        {
            Assert.Equal(3, held.Count);
            packed = [.. held[0], .. held[1], .. held[2]];
        }
        pair.Server.HandleIncoming(packed);

        pair.ServerSide.WaitForRecords(3, Wait);
        Assert.Equal(["one", "two", "three"], pair.ServerSide.Received.Select(Encoding.ASCII.GetString));
    }

    [Fact]
    public void Close_FromInsideTheDataHandler_RaisesNoClosedEvent()
    {
        using var pair = new DtlsPair();
        pair.Server.ApplicationData += _ => pair.Server.Close();
        pair.Connect(Wait);

        pair.Client.SendApplicationData("bye"u8);

        Assert.Equal(DtlsTransport.RemoteAlertReason, pair.ClientSide.WaitClosed(Wait));
        Thread.Sleep(300);
        Assert.False(pair.ServerSide.ClosedTask.IsCompleted);
        Assert.Equal(DtlsTransportState.Closed, pair.Server.State);
    }

    [Fact]
    public void ApplicationData_IsRefused_BeforeConnectingAndAfterClosing()
    {
        using var pair = new DtlsPair();

        Assert.False(pair.Client.SendApplicationData("early"u8));
        pair.Connect(Wait);
        pair.Client.Close();

        Assert.False(pair.Client.SendApplicationData("late"u8));
        Assert.False(pair.Client.SendApplicationData(new byte[20000]));
    }

    [Fact]
    public void Connected_IsRaisedBeforeAnyApplicationData()
    {
        using var pair = new DtlsPair();
        // The server sends the moment it is connected; the client must still see Connected first.
        pair.Server.Connected += _ => pair.Server.SendApplicationData("first"u8);

        pair.Connect(Wait);

        pair.ClientSide.WaitForRecords(1, Wait);
        Assert.True(pair.ClientSide.ConnectedBeforeData);
    }

    [Fact]
    public void Close_SendsCloseNotify_AndThePeerReportsADtlsAlert()
    {
        using var pair = new DtlsPair();
        pair.Connect(Wait);

        pair.Client.Close();

        Assert.Equal(DtlsTransport.RemoteAlertReason, pair.ServerSide.WaitClosed(Wait));
        Assert.Equal(DtlsTransportState.Closed, pair.Server.State);
        Assert.Equal("warning:close_notify", pair.Server.LastAlertReceived);
        Assert.False(pair.ClientSide.ClosedTask.IsCompleted); // a local close raises nothing
    }

    [Fact]
    public void Close_FromTheServer_IsSeenByTheClient()
    {
        using var pair = new DtlsPair();
        pair.Connect(Wait);

        pair.Server.Close();

        Assert.Equal(DtlsTransport.RemoteAlertReason, pair.ClientSide.WaitClosed(Wait));
    }

    private static byte[] Message(int i) => Encoding.ASCII.GetBytes($"message {i:D4} " + new string((char)('a' + i % 26), i % 300));
}
