using Janus.Media.Dtls;
using Janus.Media.Tests.Dtls.Infrastructure;

namespace Janus.Media.Tests.Dtls;

public sealed class DtlsRecordFilterTests
{
    [Fact]
    public void GenuineHandshakeAndApplicationDatagrams_AreAllPlausible()
    {
        var captured = new List<byte[]>();
        using var pair = new DtlsPair();
        pair.ClientToServer.Drop = (_, d) => Capture(captured, d);
        pair.ServerToClient.Drop = (_, d) => Capture(captured, d);
        pair.Connect(TimeSpan.FromSeconds(20));
        pair.Client.SendApplicationData("x"u8);
        pair.Server.Close();
        pair.ClientSide.WaitClosed(TimeSpan.FromSeconds(20));

        lock (captured)
        {
            Assert.True(captured.Count >= 8);
            Assert.All(captured, d => Assert.True(DtlsRecordFilter.IsPlausible(d)));
        }
    }

    [Theory]
    [InlineData(0x00, false)] // STUN binding request
    [InlineData(0x01, false)]
    [InlineData(19, false)]
    [InlineData(20, true)]
    [InlineData(22, true)]
    [InlineData(63, true)]
    [InlineData(64, false)] // TURN channel
    [InlineData(0x80, false)] // RTP
    public void IsDtlsDatagram_FollowsRfc7983(byte first, bool dtls)
    {
        Assert.Equal(dtls, DtlsTransport.IsDtlsDatagram([first, 0xFE, 0xFD]));
        Assert.False(DtlsTransport.IsDtlsDatagram([]));
    }

    [Fact]
    public void EpochZeroRecords_WithAFarSequenceNumber_AreRefused()
    {
        byte[] changeCipherSpec = Record(20, epoch: 0, sequence: 1, [1]);
        byte[] far = Record(20, epoch: 0, sequence: 1L << 40, [1]);

        Assert.True(DtlsRecordFilter.IsPlausible(changeCipherSpec));
        Assert.False(DtlsRecordFilter.IsPlausible(far));
    }

    [Theory]
    [InlineData(23, new byte[] { 1, 2, 3 })]          // application data before keys
    [InlineData(20, new byte[] { 2 })]                 // change_cipher_spec must be 1
    [InlineData(21, new byte[] { 3, 0 })]              // alert level 3 does not exist
    [InlineData(21, new byte[] { 2 })]                 // alert too short
    [InlineData(22, new byte[] { 1, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 9 })] // fragment longer than the message
    [InlineData(22, new byte[] { 99, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })] // unknown handshake type
    [InlineData(24, new byte[] { 1, 0, 0 })]           // heartbeat: not negotiated
    public void MalformedEpochZeroRecords_AreRefused(byte contentType, byte[] body)
    {
        Assert.False(DtlsRecordFilter.IsPlausible(Record(contentType, 0, 0, body)));
    }

    [Fact]
    public void LaterEpochRecords_PassToTheRecordLayer_WhichAuthenticatesThem()
    {
        Assert.True(DtlsRecordFilter.IsPlausible(Record(23, epoch: 1, sequence: 1L << 40, new byte[40])));
    }

    [Fact]
    public void ARecordLongerThanTheDatagram_IsRefused()
    {
        byte[] record = Record(22, 0, 0, new byte[12]);
        Assert.False(DtlsRecordFilter.IsPlausible(record.AsSpan(0, record.Length - 1)));
        Assert.False(DtlsRecordFilter.IsPlausible(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void RandomAndMutatedInput_NeverThrows()
    {
        var random = new Random(5);
        byte[] seed = [.. Record(22, 0, 3, [1, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4]), .. Record(20, 0, 4, [1])];
        for (int i = 0; i < 50000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 200)];
                random.NextBytes(input);
            }
            else
            {
                input = seed[..random.Next(seed.Length + 1)];
                if (input.Length > 0)
                {
                    input[random.Next(input.Length)] ^= (byte)random.Next(1, 256);
                }
            }
            DtlsRecordFilter.IsPlausible(input); // any bool is fine; an exception is not
        }
    }

    private static bool Capture(List<byte[]> captured, byte[] datagram)
    {
        lock (captured)
        {
            captured.Add(datagram);
        }
        return false;
    }

    private static byte[] Record(byte contentType, ushort epoch, long sequence, byte[] body)
    {
        byte[] record = new byte[13 + body.Length];
        record[0] = contentType;
        record[1] = 0xFE;
        record[2] = 0xFD;
        record[3] = (byte)(epoch >> 8);
        record[4] = (byte)epoch;
        for (int i = 0; i < 6; i++)
        {
            record[5 + i] = (byte)(sequence >> (8 * (5 - i)));
        }
        record[11] = (byte)(body.Length >> 8);
        record[12] = (byte)body.Length;
        body.CopyTo(record, 13);
        return record;
    }
}
