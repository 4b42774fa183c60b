using System.Buffers.Binary;
using System.Text;

namespace Janus.Media.Sctp;

/// <summary>DATA_CHANNEL_OPEN channel types (RFC 8832 §5.1): the high bit means unordered.</summary>
internal enum DcepChannelType : byte
{
    Reliable = 0x00,
    ReliableUnordered = 0x80,
    PartialReliableRexmit = 0x01,
    PartialReliableRexmitUnordered = 0x81,
    PartialReliableTimed = 0x02,
    PartialReliableTimedUnordered = 0x82,
}

/// <summary>The Data Channel Establishment Protocol messages (RFC 8832 §5): DATA_CHANNEL_OPEN and DATA_CHANNEL_ACK.</summary>
internal static class DcepMessage
{
    public const byte OpenType = 0x03;
    public const byte AckType = 0x02;
    private const int OpenFixedLength = 12;

    public readonly record struct Open(DcepChannelType ChannelType, ushort Priority, uint ReliabilityParameter,
        string Label, string Protocol)
    {
        public bool Ordered => ((byte)ChannelType & 0x80) == 0;
        public bool IsRexmit => ((byte)ChannelType & 0x7F) == 0x01;
        public bool IsTimed => ((byte)ChannelType & 0x7F) == 0x02;
    }

    public static DcepChannelType ChannelTypeFor(bool ordered, int? maxRetransmits, int? maxLifetimeMs)
    {
        byte type = maxRetransmits is not null ? (byte)0x01 : maxLifetimeMs is not null ? (byte)0x02 : (byte)0x00;
        return (DcepChannelType)(type | (ordered ? 0 : 0x80));
    }

    public static bool TryParseOpen(ReadOnlySpan<byte> message, out Open open)
    {
        open = default;
        if (message.Length < OpenFixedLength || message[0] != OpenType)
        {
            return false;
        }

        byte type = message[1];
        if ((type & 0x7F) > 0x02)
        {
            return false;
        }

        int labelLength = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        int protocolLength = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        if (message.Length < OpenFixedLength + labelLength + protocolLength)
        {
            return false;
        }

        ReadOnlySpan<byte> label = message.Slice(OpenFixedLength, labelLength);
        ReadOnlySpan<byte> protocol = message.Slice(OpenFixedLength + labelLength, protocolLength);
        open = new Open((DcepChannelType)type,
            BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(message[4..]),
            Encoding.UTF8.GetString(label),
            Encoding.UTF8.GetString(protocol));
        return true;
    }

    public static byte[] BuildOpen(in Open open)
    {
        int labelLength = Encoding.UTF8.GetByteCount(open.Label);
        int protocolLength = Encoding.UTF8.GetByteCount(open.Protocol);
        if (labelLength > ushort.MaxValue || protocolLength > ushort.MaxValue)
        {
            throw new ArgumentException("label or protocol longer than 65535 bytes");
        }

        var message = new byte[OpenFixedLength + labelLength + protocolLength];
        message[0] = OpenType;
        message[1] = (byte)open.ChannelType;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), open.Priority);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), open.ReliabilityParameter);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(8), (ushort)labelLength);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(10), (ushort)protocolLength);
        Encoding.UTF8.GetBytes(open.Label, message.AsSpan(OpenFixedLength));
        Encoding.UTF8.GetBytes(open.Protocol, message.AsSpan(OpenFixedLength + labelLength));
        return message;
    }

    public static bool IsAck(ReadOnlySpan<byte> message) => message.Length >= 1 && message[0] == AckType;
}
