using System.Buffers.Binary;

namespace Janus.Media.Dtls;

/// <summary>
/// A cheap plausibility check of a datagram's DTLS records before BouncyCastle sees them.
/// </summary>
/// <remarks>
/// Epoch 0 records are plaintext and unauthenticated, yet BouncyCastle moves its epoch 0 replay window
/// (RFC 6347 §4.1.2.6) for any of them: one stray datagram with a large sequence number makes every genuine
/// handshake record after it look like a replay, and the handshake stalls until it times out. So epoch 0
/// records must look like real handshake traffic: a small sequence number and a well-formed body. Records of
/// later epochs pass, since their MAC or AEAD tag authenticates them before the window moves.
/// A datagram with any implausible record is dropped whole.
/// </remarks>
internal static class DtlsRecordFilter
{
    private const int RecordHeaderLength = 13;
    private const int HandshakeHeaderLength = 12;

    /// <summary>Far above any real epoch 0 record count (a few flights, each retransmitted a few times).</summary>
    private const long MaxEpochZeroSequence = 1 << 16;

    /// <summary>Larger than any handshake message we accept (BouncyCastle's own limit is lower).</summary>
    private const int MaxHandshakeMessageLength = 1 << 18;

    public static bool IsPlausible(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return false;
        }
        while (!datagram.IsEmpty)
        {
            if (datagram.Length < RecordHeaderLength)
            {
                return false;
            }
            byte contentType = datagram[0];
            // DTLS 1.0 is 0xFEFF, 1.2 is 0xFEFD; the first byte of every DTLS version is 0xFE (RFC 6347 §4.1).
            if (datagram[1] != 0xFE)
            {
                return false;
            }
            ushort epoch = BinaryPrimitives.ReadUInt16BigEndian(datagram[3..]);
            long sequence = ((long)BinaryPrimitives.ReadUInt16BigEndian(datagram[5..]) << 32)
                | BinaryPrimitives.ReadUInt32BigEndian(datagram[7..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
            if (datagram.Length < RecordHeaderLength + length)
            {
                return false;
            }
            ReadOnlySpan<byte> body = datagram.Slice(RecordHeaderLength, length);
            bool plausible = contentType switch
            {
                // change_cipher_spec, alert, handshake, application_data; no heartbeat or connection ids: not negotiated.
                20 or 21 or 22 or 23 => epoch != 0 || (sequence < MaxEpochZeroSequence && IsPlausiblePlaintext(contentType, body)),
                _ => false,
            };
            if (!plausible)
            {
                return false;
            }
            datagram = datagram[(RecordHeaderLength + length)..];
        }
        return true;
    }

    private static bool IsPlausiblePlaintext(byte contentType, ReadOnlySpan<byte> body) => contentType switch
    {
        20 => body.Length == 1 && body[0] == 1,                      // RFC 5246 §7.1
        21 => body.Length == 2 && body[0] is 1 or 2,                 // RFC 5246 §7.2: warning or fatal
        22 => IsPlausibleHandshake(body),
        _ => false,                                                  // no application data before keys exist
    };

    /// <summary>RFC 6347 §4.2.2: a sequence of handshake fragments, each a 12-byte header and its bytes.</summary>
    private static bool IsPlausibleHandshake(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return false;
        }
        while (!body.IsEmpty)
        {
            if (body.Length < HandshakeHeaderLength || !IsHandshakeType(body[0]))
            {
                return false;
            }
            int messageLength = ReadUInt24(body[1..]);
            int fragmentOffset = ReadUInt24(body[6..]);
            int fragmentLength = ReadUInt24(body[9..]);
            if (messageLength > MaxHandshakeMessageLength
                || fragmentOffset + fragmentLength > messageLength
                || body.Length < HandshakeHeaderLength + fragmentLength)
            {
                return false;
            }
            body = body[(HandshakeHeaderLength + fragmentLength)..];
        }
        return true;
    }

    // RFC 5246 §7.4, RFC 6347 §4.3.2, RFC 6066 §8: the messages a DTLS 1.2 handshake may carry.
    private static bool IsHandshakeType(byte type) => type is 0 or 1 or 2 or 3 or 4 or 11 or 12 or 13 or 14 or 15 or 16 or 20 or 22;

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => (bytes[0] << 16) | (bytes[1] << 8) | bytes[2];
}
