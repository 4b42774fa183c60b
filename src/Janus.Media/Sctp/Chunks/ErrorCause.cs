using System.Buffers.Binary;

namespace Janus.Media.Sctp;

/// <summary>Error causes carried by ABORT and ERROR chunks (RFC 9260 §3.3.10).</summary>
internal static class ErrorCause
{
    public const ushort ProtocolViolation = 13;
    public const ushort UserInitiatedAbort = 12;
    public const ushort UnrecognizedChunkType = 6;

    public static int Length(int infoLength) => (4 + infoLength + 3) & ~3;

    /// <summary>Writes one cause with its padding; <paramref name="destination"/> is at least <see cref="Length"/> long.</summary>
    public static void Write(Span<byte> destination, ushort code, ReadOnlySpan<byte> info)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, code);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(4 + info.Length));
        info.CopyTo(destination[4..]);
        destination[(4 + info.Length)..Length(info.Length)].Clear();
    }

    /// <summary>The first cause's code, or 0 if there is none or it is malformed.</summary>
    public static ushort FirstCode(ReadOnlySpan<byte> causes) =>
        causes.Length >= 4 ? BinaryPrimitives.ReadUInt16BigEndian(causes) : (ushort)0;
}
