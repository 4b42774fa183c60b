using System.Buffers.Binary;

namespace Janus.Media.Sctp;

/// <summary>Result codes of a Re-configuration Response (RFC 6525 §4.4).</summary>
internal enum ReconfigResult : uint
{
    SuccessNothingToDo = 0,
    SuccessPerformed = 1,
    Denied = 2,
    ErrorWrongSsn = 3,
    ErrorRequestAlreadyInProgress = 4,
    ErrorBadSequenceNumber = 5,
    InProgress = 6,
}

/// <summary>
/// The parameters a RE-CONFIG chunk (RFC 6525 §3.1) carries that we use: Outgoing SSN Reset Request (§4.1),
/// Incoming SSN Reset Request (§4.2) and Re-configuration Response (§4.4). Each method works on one whole
/// parameter including its 4-byte header.
/// </summary>
internal static class ReconfigParameters
{
    public const ushort OutgoingSsnResetRequest = 13;
    public const ushort IncomingSsnResetRequest = 14;
    public const ushort ReconfigResponse = 16;

    public static int OutgoingRequestLength(int streamCount) => (16 + streamCount * 2 + 3) & ~3;

    public static void WriteOutgoingRequest(Span<byte> destination, uint requestSeq, uint responseSeq, uint lastTsn,
        ReadOnlySpan<ushort> streams)
    {
        int length = 16 + streams.Length * 2;
        destination[..OutgoingRequestLength(streams.Length)].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination, OutgoingSsnResetRequest);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], requestSeq);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], responseSeq);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], lastTsn);
        for (int i = 0; i < streams.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(16 + i * 2)..], streams[i]);
        }
    }

    public const int ResponseLength = 12;

    public static void WriteResponse(Span<byte> destination, uint responseSeq, ReconfigResult result)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, ReconfigResponse);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], ResponseLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], responseSeq);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], (uint)result);
    }
}

/// <summary>An Outgoing SSN Reset Request parameter's value (RFC 6525 §4.1). An empty stream list means all streams.</summary>
internal readonly ref struct OutgoingResetRequest
{
    private readonly ReadOnlySpan<byte> _value;

    private OutgoingResetRequest(ReadOnlySpan<byte> value)
    {
        _value = value;
    }

    public uint RequestSeq => BinaryPrimitives.ReadUInt32BigEndian(_value);
    public uint ResponseSeq => BinaryPrimitives.ReadUInt32BigEndian(_value[4..]);
    public uint SendersLastTsn => BinaryPrimitives.ReadUInt32BigEndian(_value[8..]);
    public int StreamCount => (_value.Length - 12) / 2;
    public ushort GetStream(int index) => BinaryPrimitives.ReadUInt16BigEndian(_value[(12 + index * 2)..]);

    public static bool TryParse(ReadOnlySpan<byte> value, out OutgoingResetRequest request)
    {
        request = default;
        if (value.Length < 12 || value.Length % 2 != 0)
        {
            return false;
        }

        request = new OutgoingResetRequest(value);
        return true;
    }
}

/// <summary>A Re-configuration Response parameter's value (RFC 6525 §4.4).</summary>
internal readonly record struct ReconfigResponse(uint ResponseSeq, ReconfigResult Result)
{
    public static bool TryParse(ReadOnlySpan<byte> value, out ReconfigResponse response)
    {
        response = default;
        if (value.Length < 8)
        {
            return false;
        }

        response = new ReconfigResponse(BinaryPrimitives.ReadUInt32BigEndian(value),
            (ReconfigResult)BinaryPrimitives.ReadUInt32BigEndian(value[4..]));
        return true;
    }
}
