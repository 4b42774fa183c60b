using System.Buffers.Binary;
using Janus.Media.Sctp;

namespace Janus.Media.Tests.Sctp;

public sealed class SctpChunkTests
{
    private static byte[] Packet(SctpChunkType type, byte flags, byte[] value, uint tag = 0x11223344)
    {
        var writer = new SctpPacketWriter(2000);
        writer.Begin(5000, 5001, tag);
        value.CopyTo(writer.AddChunk(type, flags, value.Length));
        return writer.Finish().ToArray();
    }

    private static (byte Type, byte Flags, byte[] Value) SingleChunk(byte[] packet)
    {
        Assert.True(SctpPacket.TryParse(packet, out SctpPacket parsed));
        Assert.Equal(5000, parsed.SourcePort);
        Assert.Equal(5001, parsed.DestinationPort);
        var chunks = parsed.GetChunks();
        Assert.True(chunks.MoveNext());
        var result = (chunks.Current.Type, chunks.Current.Flags, chunks.Current.Value.ToArray());
        Assert.False(chunks.MoveNext());
        return result;
    }

    [Fact]
    public void Packet_ChecksumIsCrc32cStoredLittleEndian()
    {
        byte[] packet = Packet(SctpChunkType.CookieAck, 0, Array.Empty<byte>());
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(packet.AsSpan(8));
        packet.AsSpan(8, 4).Clear();
        Assert.Equal(Crc32c.Compute(packet), stored);
    }

    [Fact]
    public void Packet_WithFlippedBit_IsRefused()
    {
        byte[] packet = Packet(SctpChunkType.Shutdown, 0, new byte[] { 0, 0, 0, 1 });
        packet[^1] ^= 1;
        Assert.False(SctpPacket.TryParse(packet, out _));
    }

    [Fact]
    public void Packet_ChunksArePaddedAndBundled()
    {
        var writer = new SctpPacketWriter(2000);
        writer.Begin(5000, 5001, 7);
        writer.AddChunk(SctpChunkType.Heartbeat, 0, 5).Fill(0xAA);
        writer.AddChunk(SctpChunkType.CookieAck, 0, 0);
        byte[] packet = writer.Finish().ToArray();
        Assert.Equal(12 + 12 + 4, packet.Length);
        Assert.True(SctpPacket.TryParse(packet, out SctpPacket parsed));
        Assert.Equal(7u, parsed.VerificationTag);
        var chunks = parsed.GetChunks();
        Assert.True(chunks.MoveNext());
        Assert.Equal(5, chunks.Current.Value.Length);
        Assert.True(chunks.MoveNext());
        Assert.Equal((byte)SctpChunkType.CookieAck, chunks.Current.Type);
        Assert.False(chunks.MoveNext());
    }

    [Fact]
    public void Init_RoundTripsWithExtensionsAndCookie()
    {
        byte[] cookie = { 1, 2, 3, 4, 5 };
        var init = new InitChunk(0xCAFEBABE, 131072, 1024, 2048, 0x01020304, true, true, cookie);
        byte[] value = new byte[init.ValueLength];
        init.Write(value);
        var (type, _, parsedValue) = SingleChunk(Packet(SctpChunkType.InitAck, 0, value));
        Assert.Equal((byte)SctpChunkType.InitAck, type);
        Assert.True(InitChunk.TryParse(parsedValue, out InitChunk parsed));
        Assert.Equal(0xCAFEBABEu, parsed.InitiateTag);
        Assert.Equal(131072u, parsed.AdvertisedReceiverWindow);
        Assert.Equal(1024, parsed.OutboundStreams);
        Assert.Equal(2048, parsed.InboundStreams);
        Assert.Equal(0x01020304u, parsed.InitialTsn);
        Assert.True(parsed.ForwardTsnSupported);
        Assert.True(parsed.ReconfigSupported);
        Assert.Equal(cookie, parsed.StateCookie.ToArray());
    }

    [Fact]
    public void Init_WithZeroTagOrStreams_IsRefused()
    {
        byte[] value = new byte[InitChunk.FixedLength];
        Assert.False(InitChunk.TryParse(value, out _));
        BinaryPrimitives.WriteUInt32BigEndian(value, 5);
        Assert.False(InitChunk.TryParse(value, out _));
        BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(10), 1);
        Assert.True(InitChunk.TryParse(value, out InitChunk parsed));
        Assert.False(parsed.ForwardTsnSupported);
    }

    [Fact]
    public void Data_RoundTripsWithFlags()
    {
        byte[] value = new byte[DataChunk.HeaderLength + 3];
        DataChunk.WriteHeader(value, 0xFFFFFFFE, 7, 42, DataChannelPpid.Binary);
        value[^3] = 9;
        byte flags = SctpChunkFlags.Beginning | SctpChunkFlags.Unordered;
        var (type, parsedFlags, parsedValue) = SingleChunk(Packet(SctpChunkType.Data, flags, value));
        Assert.Equal((byte)SctpChunkType.Data, type);
        Assert.True(DataChunk.TryParse(parsedFlags, parsedValue, out DataChunk data));
        Assert.Equal(0xFFFFFFFEu, data.Tsn);
        Assert.Equal(7, data.StreamId);
        Assert.Equal(42, data.Ssn);
        Assert.Equal(DataChannelPpid.Binary, data.Ppid);
        Assert.True(data.IsBeginning);
        Assert.False(data.IsEnd);
        Assert.True(data.IsUnordered);
        Assert.Equal(new byte[] { 9, 0, 0 }, data.UserData.ToArray());
        Assert.False(DataChunk.TryParse(0, value.AsSpan(0, DataChunk.HeaderLength), out _)); // no user data
    }

    [Fact]
    public void Sack_RoundTripsGapsAndDuplicates()
    {
        GapAckBlock[] gaps = { new(2, 3), new(5, 9) };
        uint[] duplicates = { 100, 101, 102 };
        byte[] value = new byte[SackChunk.ValueLength(gaps.Length, duplicates.Length)];
        SackChunk.Write(value, 99, 65536, gaps, duplicates);
        var (_, _, parsedValue) = SingleChunk(Packet(SctpChunkType.Sack, 0, value));
        Assert.True(SackChunk.TryParse(parsedValue, out SackChunk sack));
        Assert.Equal(99u, sack.CumulativeTsnAck);
        Assert.Equal(65536u, sack.AdvertisedReceiverWindow);
        Assert.Equal(2, sack.GapBlockCount);
        Assert.Equal(new GapAckBlock(5, 9), sack.GetGapBlock(1));
        Assert.Equal(3, sack.DuplicateCount);
        Assert.Equal(102u, sack.GetDuplicate(2));
        Assert.False(SackChunk.TryParse(value.AsSpan(0, value.Length - 1), out _));
    }

    [Fact]
    public void ForwardTsn_RoundTripsStreams()
    {
        ForwardTsnStream[] streams = { new(1, 10), new(3, 65535) };
        byte[] value = new byte[ForwardTsnChunk.ValueLength(streams.Length)];
        ForwardTsnChunk.Write(value, 1234, streams);
        var (_, _, parsedValue) = SingleChunk(Packet(SctpChunkType.ForwardTsn, 0, value));
        Assert.True(ForwardTsnChunk.TryParse(parsedValue, out ForwardTsnChunk forward));
        Assert.Equal(1234u, forward.NewCumulativeTsn);
        Assert.Equal(2, forward.StreamCount);
        Assert.Equal(new ForwardTsnStream(3, 65535), forward.GetStream(1));
        Assert.False(ForwardTsnChunk.TryParse(value.AsSpan(0, 6), out _));
    }

    [Fact]
    public void Reconfig_OutgoingRequestAndResponseRoundTrip()
    {
        ushort[] streams = { 1, 3, 5 };
        int requestLength = ReconfigParameters.OutgoingRequestLength(streams.Length);
        byte[] value = new byte[requestLength + ReconfigParameters.ResponseLength];
        ReconfigParameters.WriteOutgoingRequest(value, 77, 66, 5555, streams);
        ReconfigParameters.WriteResponse(value.AsSpan(requestLength), 66, ReconfigResult.SuccessPerformed);
        var (_, _, parsedValue) = SingleChunk(Packet(SctpChunkType.Reconfig, 0, value));
        var parameters = new ParameterEnumerator(parsedValue);
        Assert.True(parameters.MoveNext(out ushort type, out ReadOnlySpan<byte> first));
        Assert.Equal(ReconfigParameters.OutgoingSsnResetRequest, type);
        Assert.True(OutgoingResetRequest.TryParse(first, out OutgoingResetRequest request));
        Assert.Equal(77u, request.RequestSeq);
        Assert.Equal(66u, request.ResponseSeq);
        Assert.Equal(5555u, request.SendersLastTsn);
        Assert.Equal(3, request.StreamCount);
        Assert.Equal(5, request.GetStream(2));
        Assert.True(parameters.MoveNext(out type, out ReadOnlySpan<byte> second));
        Assert.Equal(ReconfigParameters.ReconfigResponse, type);
        Assert.True(ReconfigResponse.TryParse(second, out ReconfigResponse response));
        Assert.Equal(new ReconfigResponse(66, ReconfigResult.SuccessPerformed), response);
        Assert.False(parameters.MoveNext(out _, out _));
        Assert.True(parameters.IsWellFormed);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(8)]
    [InlineData(14)]
    public void EmptyChunks_RoundTrip(byte rawType)
    {
        var chunkType = (SctpChunkType)rawType;
        var (type, _, value) = SingleChunk(Packet(chunkType, 0, Array.Empty<byte>()));
        Assert.Equal((byte)chunkType, type);
        Assert.Empty(value);
    }

    [Fact]
    public void ShutdownHeartbeatCookieEchoAbortAndError_RoundTrip()
    {
        var (_, _, shutdown) = SingleChunk(Packet(SctpChunkType.Shutdown, 0, new byte[] { 0, 0, 1, 0 }));
        Assert.Equal(256u, BinaryPrimitives.ReadUInt32BigEndian(shutdown));
        byte[] heartbeatInfo = { 0, 1, 0, 8, 1, 2, 3, 4 };
        Assert.Equal(heartbeatInfo, SingleChunk(Packet(SctpChunkType.Heartbeat, 0, heartbeatInfo)).Value);
        byte[] cookie = Enumerable.Range(0, 68).Select(i => (byte)i).ToArray();
        Assert.Equal(cookie, SingleChunk(Packet(SctpChunkType.CookieEcho, 0, cookie)).Value);
        byte[] cause = new byte[ErrorCause.Length(3)];
        ErrorCause.Write(cause, ErrorCause.UserInitiatedAbort, "bye"u8);
        var (_, flags, abort) = SingleChunk(Packet(SctpChunkType.Abort, SctpChunkFlags.TagReflected, cause));
        Assert.Equal(SctpChunkFlags.TagReflected, flags);
        Assert.Equal(ErrorCause.UserInitiatedAbort, ErrorCause.FirstCode(abort));
        Assert.Equal(ErrorCause.UserInitiatedAbort, ErrorCause.FirstCode(SingleChunk(Packet(SctpChunkType.Error, 0, cause)).Value));
    }

    [Fact]
    public void StateCookie_RoundTripsAndRefusesTampering()
    {
        byte[] key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var cookie = new StateCookie(1, 2, 3, 4, 5, 6, 7, true, false, 123456789);
        byte[] bytes = new byte[StateCookie.Length];
        cookie.Write(bytes, key);
        Assert.True(StateCookie.TryRead(bytes, key, out StateCookie read));
        Assert.Equal(cookie, read);
        bytes[3] ^= 1;
        Assert.False(StateCookie.TryRead(bytes, key, out _));
        bytes[3] ^= 1;
        key[0] ^= 1;
        Assert.False(StateCookie.TryRead(bytes, key, out _));
    }
}
