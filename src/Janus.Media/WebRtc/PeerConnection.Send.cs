using System.Buffers.Binary;
using Janus.Core;
using Janus.Core.Logging;
using Janus.Media.Sctp;
using Janus.Media.Srtp;

namespace Janus.Media.WebRtc;

internal sealed partial class PeerConnection
{
    // Room for the largest datagram plus the SRTP/SRTCP trailer.
    private const int ScratchSize = 2048;
    private const int MaxRtpSize = 1500;

    [ThreadStatic]
    private static byte[]? t_scratch;

    private readonly object _sendLock = new();
    private readonly List<DataChannel> _channels = new();

    private static byte[] Scratch => t_scratch ??= new byte[ScratchSize];

    /// <summary>Sends an RTP packet (relayed, or from a plugin) to this peer: our SSRC, continuous numbering, SRTP, the selected pair.</summary>
    public void SendRtp(ReadOnlySpan<byte> source, bool video, int mindex)
    {
        SrtpSession? srtp = _srtpOut;
        if (srtp is null || _closed || source.Length < 12 || source.Length > MaxRtpSize)
        {
            return;
        }
        MediaLine? line = FindLineToSend(mindex, video);
        if (line is null || !line.WeSend)
        {
            return;
        }
        byte[] buffer = Scratch;
        source.CopyTo(buffer);
        int length;
        long nowMs = _time.Milliseconds();
        lock (_sendLock)
        {
            line.Outgoing.Rewrite(buffer.AsSpan(0, source.Length), line.LocalSsrc, line.ClockRate, nowMs);
            RecordSent(line, buffer.AsSpan(0, source.Length), nowMs);
            if (srtp.ProtectRtp(buffer, source.Length, out length) != SrtpStatus.Ok)
            {
                return;
            }
        }
        if (_ice?.Send(buffer.AsSpan(0, length)) == true)
        {
            line.PacketsSent++;
            line.BytesSent += source.Length;
        }
    }

    /// <summary>Relays RTCP from a plugin, re-addressed to this peer's streams (see <see cref="RtcpRelayFilter"/>).</summary>
    public void SendRtcp(ReadOnlySpan<byte> source, bool video, int mindex)
    {
        if (_srtpOut is null || _closed || source.Length < 8 || source.Length > MaxRtpSize)
        {
            return;
        }
        MediaLine? line = FindLineToSend(mindex, video);
        if (line is null)
        {
            return;
        }
        byte[] buffer = Scratch;
        source.CopyTo(buffer);
        int length = RtcpRelayFilter.Filter(buffer.AsSpan(0, source.Length), line.LocalSsrc, line.RemoteSsrc);
        if (length > 0)
        {
            ProtectAndSendRtcp(buffer, length);
        }
    }

    /// <summary>
    /// Asks the peer for a keyframe (PLI, RFC 4585 §6.3.1) on one video m-line, or all of them (mindex &lt; 0); a
    /// simulcasting peer gets one per substream, as each is encoded on its own.
    /// </summary>
    public void SendPli(int mindex)
    {
        if (_srtpOut is null || _closed)
        {
            return;
        }
        foreach (MediaLine line in _lines)
        {
            if (!line.IsVideo || (mindex >= 0 && line.Index != mindex))
            {
                continue;
            }
            foreach (InboundStream stream in line.Inbound)
            {
                if (stream.Ssrc == 0)
                {
                    continue;
                }
                byte[] buffer = Scratch;
                buffer[0] = 0x81; // V=2, FMT=1
                buffer[1] = 206;  // PSFB
                BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), 2);
                BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), line.LocalSsrc);
                BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), stream.Ssrc);
                ProtectAndSendRtcp(buffer, 12);
            }
        }
    }

    /// <summary>Tells the peer the most we want to receive (REMB, draft-alvestrand-rmcat-remb §2.2).</summary>
    public void SendRemb(uint bitrate)
    {
        if (_srtpOut is null || _closed)
        {
            return;
        }
        foreach (MediaLine line in _lines)
        {
            if (!line.IsVideo || line.RemoteSsrc == 0)
            {
                continue;
            }
            uint mantissa = bitrate;
            int exponent = 0;
            while (mantissa > 0x3FFFF)
            {
                mantissa >>= 1;
                exponent++;
            }
            byte[] buffer = Scratch;
            buffer[0] = 0x8F; // V=2, FMT=15
            buffer[1] = 206;
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), 5);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), line.LocalSsrc);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), 0);
            buffer[12] = (byte)'R';
            buffer[13] = (byte)'E';
            buffer[14] = (byte)'M';
            buffer[15] = (byte)'B';
            buffer[16] = 1;
            buffer[17] = (byte)((exponent << 2) | (int)(mantissa >> 16));
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(18), (ushort)mantissa);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(20), line.RemoteSsrc);
            ProtectAndSendRtcp(buffer, 24);
            return;
        }
    }

    /// <summary>Sends a data channel message on the channel with this label, opening it on first use as Janus does.</summary>
    public void SendData(string? label, string? protocol, bool binary, ReadOnlySpan<byte> data)
    {
        SctpAssociation? sctp = _sctp;
        if (sctp is null || _closed)
        {
            if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
            {
                JanusLog.Verbose($"{_handle} data channel message dropped: no SCTP association yet");
            }
            return;
        }
        DataChannel? channel = null;
        lock (_channels)
        {
            foreach (DataChannel c in _channels)
            {
                if (label is null || c.Label == label)
                {
                    channel = c;
                    break;
                }
            }
        }
        if (channel is null)
        {
            try
            {
                channel = sctp.OpenChannel(label ?? "JanusDataChannel", protocol ?? "");
                lock (_channels)
                {
                    _channels.Add(channel);
                }
            }
            catch (InvalidOperationException e)
            {
                JanusLog.Verbose($"{_handle} cannot open data channel: {e.Message}");
                return;
            }
        }
        if (!channel.Send(binary, data) && JanusLog.IsEnabled(JanusLogLevel.Verbose))
        {
            JanusLog.Verbose($"{_handle} data channel '{channel.Label}' refused a {data.Length}-byte message");
        }
    }

    // DTLS records go out on the selected pair like everything else.
    private void SendDatagram(ReadOnlySpan<byte> datagram) => _ice?.Send(datagram);

    private void ProtectAndSendRtcp(byte[] buffer, int length)
    {
        SrtpSession? srtp = _srtpOut;
        if (srtp is null)
        {
            return;
        }
        int protectedLength;
        lock (_sendLock)
        {
            if (srtp.ProtectRtcp(buffer, length, out protectedLength) != SrtpStatus.Ok)
            {
                return;
            }
        }
        _ice?.Send(buffer.AsSpan(0, protectedLength));
    }

    // mindex -1 means the first audio or video m-line, as in Janus's relay_rtp.
    private MediaLine? FindLineToSend(int mindex, bool video)
    {
        MediaLine[] lines = _lines;
        if (mindex >= 0)
        {
            return mindex < lines.Length && lines[mindex].IsRtp ? lines[mindex] : null;
        }
        foreach (MediaLine line in lines)
        {
            if (line.IsRtp && line.IsVideo == video && !line.Rejected)
            {
                return line;
            }
        }
        return null;
    }

}
