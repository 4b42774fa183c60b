using System.Buffers.Binary;
using Janus.Core;
using Janus.Core.Logging;
using Janus.Core.Plugins;
using Janus.Media.Ice;
using Janus.Media.Net;
using Janus.Media.Relay;
using Janus.Media.Rtp;
using Janus.Media.Rtp.Codecs;
using Janus.Media.Sctp;
using Janus.Media.Srtp;

namespace Janus.Media.WebRtc;

internal sealed partial class PeerConnection
{
    private readonly object _receiveLock = new();
    private long _droppedPackets;
    private long _rtxReceived;

    public long DroppedPackets => Interlocked.Read(ref _droppedPackets);

    // A handle's plugin never changes while it is attached (a hot reload swaps the script behind the same proxy).
    private IPlugin? Plugin => _node.Plugin;

    /// <summary>Retransmissions (RTX) from the peer that filled a gap, restored to their original stream.</summary>
    public long RtxReceived => Interlocked.Read(ref _rtxReceived);

    // Called on a socket receive loop for every DTLS and SRTP datagram ICE accepted (RFC 7983 demultiplexing).
    public void OnDatagram(DatagramKind kind, Span<byte> datagram, IceCandidatePair pair)
    {
        if (_closed)
        {
            return;
        }
        switch (kind)
        {
            case DatagramKind.Dtls:
                _dtls?.HandleIncoming(datagram);
                break;
            case DatagramKind.Rtp:
                ReceiveSrtp(datagram);
                break;
            default:
                Interlocked.Increment(ref _droppedPackets);
                break;
        }
    }

    private void ReceiveSrtp(Span<byte> datagram)
    {
        SrtpSession? srtp = _srtpIn;
        if (srtp is null || datagram.Length < 12)
        {
            Interlocked.Increment(ref _droppedPackets);
            return;
        }
        // RTCP and RTP share the port (rtcp-mux): RTCP packet types 192-223 sit where RTP payload types 64-95 would (RFC 5761 §4).
        int pt = datagram[1] & 0x7F;
        bool rtcp = pt is >= 64 and <= 95;
        SrtpStatus status;
        int length;
        lock (_receiveLock)
        {
            status = rtcp
                ? srtp.UnprotectRtcp(datagram, datagram.Length, out length)
                : srtp.UnprotectRtp(datagram, datagram.Length, out length);
        }
        if (status != SrtpStatus.Ok)
        {
            Interlocked.Increment(ref _droppedPackets);
            if (JanusLog.IsEnabled(JanusLogLevel.Dbg))
            {
                JanusLog.Debug($"{_handle} dropped an {(rtcp ? "SRTCP" : "SRTP")} packet: {status}");
            }
            return;
        }
        if (rtcp)
        {
            HandleRtcp(datagram.Slice(0, length));
        }
        else
        {
            HandleRtp(datagram.Slice(0, length));
        }
    }

    private void HandleRtp(Span<byte> rtp)
    {
        RecordTransportCc(rtp);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(rtp.Slice(8, 4));
        int pt = rtp[1] & 0x7F;
        MediaLine? line = FindLineForRtp(ssrc, pt, rtp, out InboundStream? stream, out bool isRtx);
        if (line is null || stream is null)
        {
            Interlocked.Increment(ref _droppedPackets);
            return;
        }
        if (isRtx)
        {
            // A repair we asked for (RFC 4588 §4): restore the original packet, then treat it as one.
            if (!line.RtxPayloadTypes.TryGetValue(pt, out int originalPt) || stream.Ssrc == 0
                || !RtxPacket.TryUnwrap(rtp, (byte)originalPt, stream.Ssrc, out int originalLength))
            {
                // Padding-only probes carry nothing to deliver.
                return;
            }
            rtp = rtp.Slice(0, originalLength);
        }
        long nowMs = _time.Milliseconds();
        if (!TrackReception(line, stream, rtp, isRtx, nowMs))
        {
            return;
        }
        if (isRtx)
        {
            Interlocked.Increment(ref _rtxReceived);
        }
        line.PacketsReceived++;
        line.BytesReceived += rtp.Length;
        line.LastReceivedTicks = nowMs;
        if (!line.Receiving)
        {
            line.Receiving = true;
            _engine.Events.MediaState(_handle, line.Mid, line.IsVideo ? "video" : "audio", true);
        }
        if (_handle.IsStopped)
        {
            return;
        }
        // The node relays along the handle's routes, or hands the packet to a plugin that takes this medium.
        FrameLayers layers = ReadLayers(line, stream, rtp);
        RtpVideoCodec codec = line.IsVideo ? line.CodecOf(rtp[1]) : RtpVideoCodec.None;
        _node.ReceiveRtp(rtp, line.IsVideo, line.Index, stream.Substream, codec, layers);
    }

    // The Dependency Descriptor says which layer a frame is in, and libwebrtc then omits VP8's own field.
    private static FrameLayers ReadLayers(MediaLine line, InboundStream stream, Span<byte> rtp)
    {
        int id = line.DependencyDescriptorExtensionId;
        if (id == 0 || !RtpHeaderView.TryParse(rtp, out RtpHeaderView view) || !view.TryGetExtension(id, out Span<byte> value)
            || !DependencyDescriptor.TryReadLayers(value, stream.Dependencies, out int spatial, out int temporal, out bool start, out bool end))
        {
            return FrameLayers.Unknown;
        }
        return new FrameLayers(spatial, temporal, start, end, Known: true);
    }

    private MediaLine? FindLineForRtp(uint ssrc, int pt, Span<byte> rtp, out InboundStream? stream, out bool isRtx)
    {
        isRtx = false;
        stream = null;
        MediaLine[] lines = _lines;
        for (int i = 0; i < lines.Length; i++)
        {
            InboundStream[] inbound = lines[i].Inbound;
            for (int j = 0; j < inbound.Length; j++)
            {
                if (inbound[j].Ssrc == ssrc)
                {
                    stream = inbound[j];
                    return lines[i];
                }
                if (inbound[j].RtxSsrc == ssrc)
                {
                    stream = inbound[j];
                    isRtx = true;
                    return lines[i];
                }
            }
        }
        // An SSRC the SDP did not announce (rid-based simulcast, Firefox, unsignalled streams): learn it from the
        // payload type, and for simulcast from the rid (or repaired rid) the packet carries (RFC 8852 §3).
        for (int i = 0; i < lines.Length; i++)
        {
            MediaLine line = lines[i];
            if (!line.IsRtp || line.Rejected || Array.IndexOf(line.PayloadTypes, pt) < 0)
            {
                continue;
            }
            isRtx = line.RtxPayloadTypes.ContainsKey(pt);
            stream = line.IsSimulcast ? FindSimulcastStream(line, rtp, isRtx) : line.Inbound[0];
            if (stream is null)
            {
                continue;
            }
            lock (_receiveLock)
            {
                if (isRtx && stream.RtxSsrc == 0)
                {
                    stream.RtxSsrc = ssrc;
                }
                else if (!isRtx && stream.Ssrc == 0)
                {
                    stream.Ssrc = ssrc;
                }
            }
            if ((isRtx ? stream.RtxSsrc : stream.Ssrc) == ssrc)
            {
                return line;
            }
            // That stream already has another SSRC: perhaps a later m-line with the same payload type takes it.
        }
        stream = null;
        return null;
    }

    private static InboundStream? FindSimulcastStream(MediaLine line, Span<byte> rtp, bool isRtx)
    {
        int extensionId = isRtx ? line.RepairedRidExtensionId : line.RidExtensionId;
        if (extensionId == 0 || !RtpHeaderView.TryParse(rtp, out RtpHeaderView view) || !view.TryGetExtension(extensionId, out Span<byte> rid))
        {
            return null;
        }
        foreach (InboundStream stream in line.Inbound)
        {
            if (stream.HasRid(rid))
            {
                return stream;
            }
        }
        return null;
    }

    private void HandleRtcp(Span<byte> rtcp)
    {
        if (rtcp.Length < 8)
        {
            return;
        }
        ProcessRtcp(rtcp);
        if (_handle.IsStopped)
        {
            return;
        }
        IPlugin? plugin = Plugin;
        if (plugin is null || (plugin.MediaInterest & PluginMediaInterest.Rtcp) == 0)
        {
            _node.ReceiveRtcp(rtcp);
            return;
        }
        MediaLine? line = FindLineForRtcp(rtcp);
        if (line is not null)
        {
            plugin.IncomingRtcp(_handle, new RtcpPacket(line.Index, line.IsVideo, rtcp));
        }
    }

    // Which m-line a compound RTCP packet is about: its sender's SSRC is the peer's stream on that m-line,
    // or, for feedback about what we send, the media source SSRC is ours.
    private MediaLine? FindLineForRtcp(ReadOnlySpan<byte> rtcp)
    {
        uint sender = BinaryPrimitives.ReadUInt32BigEndian(rtcp.Slice(4, 4));
        uint media = rtcp.Length >= 12 ? BinaryPrimitives.ReadUInt32BigEndian(rtcp.Slice(8, 4)) : 0;
        MediaLine[] lines = _lines;
        MediaLine? fallback = null;
        for (int i = 0; i < lines.Length; i++)
        {
            MediaLine line = lines[i];
            if (!line.IsRtp)
            {
                continue;
            }
            if (line.RemoteSsrc == sender || line.LocalSsrc == media)
            {
                return line;
            }
            if (fallback is null || (line.IsVideo && !fallback.IsVideo))
            {
                fallback = line;
            }
        }
        return fallback;
    }

    private void OnDtlsApplicationData(ReadOnlySpan<byte> data) => _sctp?.HandleIncoming(data);

    private void StartSctpIfNegotiated(bool isDtlsClient)
    {
        bool hasData = false;
        foreach (MediaLine line in _lines)
        {
            hasData |= line.Kind == Sdp.SdpMediaKind.Application && !line.Rejected;
        }
        if (!hasData || _sctp is not null)
        {
            return;
        }
        var options = new SctpAssociationOptions
        {
            IsDtlsClient = isDtlsClient,
            RemotePort = (ushort)_sctpRemotePort,
            RemoteMaxMessageSize = (int)Math.Min(_remoteMaxMessageSize <= 0 ? 65536 : _remoteMaxMessageSize, int.MaxValue),
        };
        var sctp = new SctpAssociation(options, packet => _dtls?.SendApplicationData(packet));
        sctp.MessageReceived += OnDataChannelMessage;
        sctp.ChannelOpened += channel =>
        {
            lock (_channels)
            {
                _channels.Add(channel);
            }
            NotifyDataReady();
        };
        sctp.ChannelClosed += channel =>
        {
            lock (_channels)
            {
                _channels.Remove(channel);
            }
        };
        sctp.BufferedAmountLow += _ => NotifyDataReady();
        _sctp = sctp;
        sctp.Start();
    }

    private void OnDataChannelMessage(DataChannel channel, bool binary, ReadOnlySpan<byte> data)
    {
        if (_handle.IsStopped)
        {
            return;
        }
        _node.ReceiveData(channel.Label, channel.Protocol, binary, data);
    }

    private void NotifyDataReady()
    {
        _node.PeerDataReady();
    }
}
