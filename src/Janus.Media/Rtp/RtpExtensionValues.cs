using System.Buffers.Binary;
using System.Text;

namespace Janus.Media.Rtp;

/// <summary>
/// Reads and writes the values of the header extensions WebRTC uses, over the value span an
/// <see cref="RtpHeaderView"/> returns. Nothing here allocates except <see cref="ReadString"/>.
/// </summary>
public static class RtpExtensionValues
{
    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public const string AbsSendTimeUri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public const string TransportWideCcUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public const string RidUri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public const string RepairedRidUri = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>RFC 6464: the V flag and the level in -dBov (0 loudest, 127 silence).</summary>
    public static bool TryReadAudioLevel(ReadOnlySpan<byte> value, out bool voiceActivity, out int level)
    {
        if (value.Length < 1)
        {
            voiceActivity = false;
            level = 0;
            return false;
        }

        voiceActivity = (value[0] & 0x80) != 0;
        level = value[0] & 0x7F;
        return true;
    }

    public static bool TryWriteAudioLevel(Span<byte> value, bool voiceActivity, int level)
    {
        if (value.Length < 1 || (uint)level > 127)
        {
            return false;
        }

        value[0] = (byte)((voiceActivity ? 0x80 : 0) | level);
        return true;
    }

    /// <summary>abs-send-time: 24 bits, seconds in 6.18 fixed point.</summary>
    public static bool TryReadAbsSendTime(ReadOnlySpan<byte> value, out uint sendTime)
    {
        if (value.Length < 3)
        {
            sendTime = 0;
            return false;
        }

        sendTime = (uint)(value[0] << 16 | value[1] << 8 | value[2]);
        return true;
    }

    public static bool TryWriteAbsSendTime(Span<byte> value, uint sendTime)
    {
        if (value.Length < 3)
        {
            return false;
        }

        value[0] = (byte)(sendTime >> 16);
        value[1] = (byte)(sendTime >> 8);
        value[2] = (byte)sendTime;
        return true;
    }

    /// <summary>The abs-send-time value for a time in microseconds: (µs &lt;&lt; 18) / 10^6, modulo 64 s.</summary>
    public static uint AbsSendTimeFromMicroseconds(long microseconds)
        => (uint)((((ulong)microseconds << 18) / 1_000_000) & 0x00FF_FFFF);

    /// <summary>transport-wide-cc: the 16-bit transport sequence number.</summary>
    public static bool TryReadTransportSequenceNumber(ReadOnlySpan<byte> value, out ushort sequenceNumber)
    {
        if (value.Length < 2)
        {
            sequenceNumber = 0;
            return false;
        }

        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }

    public static bool TryWriteTransportSequenceNumber(Span<byte> value, ushort sequenceNumber)
        => value.Length >= 2 && BinaryPrimitives.TryWriteUInt16BigEndian(value, sequenceNumber);

    /// <summary>Whether a mid/rid value equals <paramref name="text"/> (ASCII, RFC 8843 §15, RFC 8852), without allocating.</summary>
    public static bool TextEquals(ReadOnlySpan<byte> value, string text)
    {
        // Some senders pad the value with zero bytes to a word boundary.
        int end = value.IndexOf((byte)0);
        if (end >= 0)
        {
            value = value[..end];
        }

        if (value.Length != text.Length)
        {
            return false;
        }

        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The mid/rid as a string (allocates: for signalling-rate work such as learning a new rid).</summary>
    public static string ReadString(ReadOnlySpan<byte> value)
    {
        int end = value.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end >= 0 ? value[..end] : value);
    }

    /// <summary>Overwrites a mid/rid of the same length (a rewrite that changes the length needs a new header).</summary>
    public static bool TryWriteText(Span<byte> value, string text)
    {
        if (text.Length != value.Length)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] > 0x7F)
            {
                return false;
            }

            value[i] = (byte)text[i];
        }

        return true;
    }
}
