using System.Buffers.Binary;
using Janus.Core;
using Janus.Media.Rtp;
using Janus.Media.Rtp.Feedback;
using Janus.Media.Rtp.Rtcp;
using Janus.Media.Srtp;

namespace Janus.Media.WebRtc;

/// <summary>
/// The RTP/RTCP work the core does on its own, as Janus's does: NACKs for gaps in what we receive, answers to the
/// peer's NACKs from the retransmission buffer (as RTX when negotiated), SR/RR every second, slowlink detection.
/// </summary>
internal sealed partial class PeerConnection
{
    // A NACK names at most this many packets per call; the rest wait for the next packet or retry.
    private const int MaxNackBatch = 64;
    // The same packet is not resent twice within this time (repeated NACKs for one loss).
    private const int MinResendIntervalMs = 20;
    private static readonly byte[] s_cname = "janus"u8.ToArray();

    private readonly long _clockBase;
    private readonly TransportCcRecorder _twcc = new();
    private MediaLine? _twccLine;
    private RetransmissionBuffer? _retransmissions;
    private long _retransmitted;
    private long _nacksSent;

    /// <summary>Packets resent in answer to the peer's NACKs.</summary>
    public long Retransmitted => Interlocked.Read(ref _retransmitted);

    /// <summary>Sequence numbers we asked the peer to resend.</summary>
    public long NacksSent => Interlocked.Read(ref _nacksSent);

    // Receive path: statistics for RR, gap detection and NACKs (RFC 4585 §6.2.1).
    /// <summary>
    /// Statistics and NACK bookkeeping for an arriving packet. False for a repair (RTX) of a packet we were not
    /// missing: libwebrtc also sends old packets over RTX as bandwidth probes, and relaying those would hand the
    /// recipients duplicates.
    /// </summary>
    private bool TrackReception(MediaLine line, InboundStream stream, Span<byte> rtp, bool isRetransmission, long nowMs)
    {
        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(rtp.Slice(2, 2));
        uint ts = BinaryPrimitives.ReadUInt32BigEndian(rtp.Slice(4, 4));
        double arrival = (_time.GetTimestamp() - _clockBase) * (double)line.ClockRate / _time.TimestampFrequency;
        Span<ushort> due = stackalloc ushort[MaxNackBatch];
        int dueCount = 0;
        int newlyMissing;
        lock (_receiveLock)
        {
            if (isRetransmission && !stream.Nacks.IsMissing(seq))
            {
                return false;
            }
            stream.ReceiveStats.Update(seq, ts, arrival, measureJitter: !isRetransmission);
            newlyMissing = stream.Nacks.OnPacket(seq);
            if (line.NackEnabled && stream.Nacks.MissingCount > 0)
            {
                dueCount = stream.Nacks.CollectDue(nowMs, due);
            }
        }
        line.UplinkLoss.Add(newlyMissing);
        if (dueCount > 0 && stream.Ssrc != 0)
        {
            byte[] buffer = Scratch;
            int length = RtcpNack.Write(buffer, line.LocalSsrc, stream.Ssrc, due.Slice(0, dueCount));
            if (length > 0)
            {
                Interlocked.Add(ref _nacksSent, dueCount);
                ProtectAndSendRtcp(buffer, length);
            }
        }
        return true;
    }

    /// <summary>
    /// Notes the arrival of every authenticated RTP packet that carries a transport-wide sequence number, before
    /// anything else looks at it: the sender's bandwidth estimate counts what we do not report as lost, and its
    /// probes (RTX padding, old packets resent over RTX, substreams we cannot place yet) must count as arrived.
    /// </summary>
    private void RecordTransportCc(Span<byte> rtp)
    {
        MediaLine[] lines = _lines;
        int id = 0;
        MediaLine? reportLine = null;
        for (int i = 0; i < lines.Length && id == 0; i++)
        {
            id = lines[i].TransportCcExtensionId;
            reportLine = lines[i];
        }
        if (id == 0 || !RtpHeaderView.TryParse(rtp, out RtpHeaderView view) || !view.TryGetExtension(id, out Span<byte> value)
            || !RtpExtensionValues.TryReadTransportSequenceNumber(value, out ushort transportSeq))
        {
            return;
        }
        long arrivalUs = (long)((_time.GetTimestamp() - _clockBase) * (1_000_000.0 / _time.TimestampFrequency));
        lock (_receiveLock)
        {
            _twccLine ??= reportLine;
            _twcc.Record(transportSeq, arrivalUs);
        }
    }

    // Receive path: the parts of the peer's RTCP the core acts on itself, before the plugin sees it.
    private void ProcessRtcp(ReadOnlySpan<byte> compound)
    {
        // These milliseconds meet those of the send path, the receive path and the engine's report tick
        // (retransmission store, SR/RR timing): all read the engine's one clock.
        long nowMs = _time.Milliseconds();
        foreach (RtcpPacketView packet in new RtcpCompoundEnumerator(compound))
        {
            switch (packet.PacketType)
            {
                case RtcpPacketType.SenderReport:
                    if (RtcpReport.TryParse(packet.Packet, out uint sender, out RtcpSenderInfo? info, out _) && info is { } si)
                    {
                        InboundStream? stream = FindStreamByRemoteSsrc(sender);
                        if (stream is not null)
                        {
                            lock (_receiveLock)
                            {
                                stream.ReceiveStats.OnSenderReport(si.CompactNtp, nowMs);
                            }
                        }
                    }
                    break;
                case RtcpPacketType.TransportFeedback when packet.CountOrFormat == RtcpPacketType.FormatGenericNack:
                    if (RtcpNack.TryParse(packet.Packet, out _, out uint media, out ReadOnlySpan<byte> pairs))
                    {
                        Retransmit(media, pairs, nowMs);
                    }
                    break;
            }
        }
    }

    // Answers a NACK from the buffer: RTX on our RTX SSRC when negotiated (RFC 4588 §4), else the original packet.
    private void Retransmit(uint mediaSsrc, ReadOnlySpan<byte> pairs, long nowMs)
    {
        MediaLine? line = FindLineByLocalSsrc(mediaSsrc);
        SrtpSession? srtp = _srtpOut;
        if (line is null || srtp is null)
        {
            return;
        }
        Span<ushort> lost = stackalloc ushort[17 * 16];
        int count = RtcpNack.ExpandLost(pairs, lost);
        line.DownlinkLoss.Add(count);
        // Repairs go out as RTX (RFC 4588) when the peer negotiated it, as Janus sends them; else in the original
        // stream. libwebrtc uses them but does not count them back into the media stream's packetsLost (an earlier
        // reading of that statistic made them look unused): lossy-wrtc.test.mjs checks NACKs and decoded frames.
        int rtxPt = line.SendsRtx ? -1 : -2;
        byte[] buffer = Scratch;
        for (int i = 0; i < count; i++)
        {
            int length = 0;
            lock (_sendLock)
            {
                RetransmissionBuffer? store = _retransmissions;
                if (store is null || !store.TryGet(line.LocalSsrc, lost[i], nowMs, out ReadOnlySpan<byte> original, MinResendIntervalMs))
                {
                    continue;
                }
                if (rtxPt == -1)
                {
                    rtxPt = RtxPayloadTypeFor(line, original[1] & 0x7F);
                }
                if (rtxPt >= 0)
                {
                    length = RtxPacket.Wrap(original, buffer, (byte)rtxPt, line.LocalRtxSsrc, line.RtxSequence++);
                }
                else
                {
                    original.CopyTo(buffer);
                    length = original.Length;
                }
                if (length == 0 || srtp.ProtectRtp(buffer, length, out length) != SrtpStatus.Ok)
                {
                    continue;
                }
            }
            if (_ice?.Send(buffer.AsSpan(0, length)) == true)
            {
                Interlocked.Increment(ref _retransmitted);
            }
        }
    }

    // The RTX payload type whose apt is the original's; -2 when there is none (then resend the original).
    private static int RtxPayloadTypeFor(MediaLine line, int originalPt)
    {
        foreach (KeyValuePair<int, int> pair in line.RtxPayloadTypes)
        {
            if (pair.Value == originalPt)
            {
                return pair.Key;
            }
        }
        return -2;
    }

    // Send path, under _sendLock: keep the packet for NACKs and what the next SR reports.
    private void RecordSent(MediaLine line, Span<byte> rtp, long nowMs)
    {
        if (!RtpHeaderView.TryParse(rtp, out RtpHeaderView view))
        {
            return;
        }
        if (line.NackEnabled)
        {
            _retransmissions ??= new RetransmissionBuffer(RetentionMs());
            _retransmissions.Store(rtp, nowMs);
        }
        line.LastRtpTimestamp = view.Timestamp;
        line.LastRtpSendMs = nowMs;
        line.SenderPacketCount++;
        line.SenderOctetCount += (uint)view.PayloadLength;
    }

    private int RetentionMs() => _engine.Options.MinNackQueue > 0 ? _engine.Options.MinNackQueue : RetransmissionBuffer.DefaultMaxAgeMs;

    /// <summary>
    /// The engine's one-second tick: an SR for every m-line we send on and an RR block for every stream we receive
    /// (RFC 3550 §6.4), then the slowlink check. Runs on the media clock (<see cref="Net.MediaClock"/>).
    /// </summary>
    internal void OnReportTick(long nowMs, int slowlinkThreshold)
    {
        if (_closed || _srtpOut is null)
        {
            return;
        }
        lock (_sendLock)
        {
            if (_retransmissions is not null)
            {
                _retransmissions.MaxAgeMs = RetentionMs();
            }
        }
        ulong ntp = NtpTimestamp.FromDateTime(_time.GetUtcNow().UtcDateTime);
        foreach (MediaLine line in _lines)
        {
            if (!line.IsRtp || line.Rejected)
            {
                continue;
            }
            SendReport(line, nowMs, ntp);
            CheckSlowLink(line, slowlinkThreshold);
        }
    }

    /// <summary>
    /// The engine's transport-wide CC tick (every <c>-B</c> ms): feedback on what arrived since the last one, so the
    /// peer's bandwidth estimator can work (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).
    /// </summary>
    internal void OnTransportCcTick()
    {
        MediaLine? line = _twccLine;
        if (_closed || _srtpOut is null || line is null)
        {
            return;
        }
        byte[] buffer = Scratch;
        // A backlog larger than one packet holds is drained in a few packets, not unboundedly.
        for (int i = 0; i < 4; i++)
        {
            int length;
            lock (_receiveLock)
            {
                length = _twcc.WriteFeedback(buffer, line.LocalSsrc, line.RemoteSsrc);
            }
            if (length == 0)
            {
                return;
            }
            ProtectAndSendRtcp(buffer, length);
        }
    }

    private void SendReport(MediaLine line, long nowMs, ulong ntp)
    {
        // One report block per stream the peer sends here (each simulcast substream is its own source).
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[3];
        int blockCount = 0;
        InboundStream[] inbound = line.Inbound;
        lock (_receiveLock)
        {
            for (int i = 0; i < inbound.Length && blockCount < blocks.Length; i++)
            {
                InboundStream stream = inbound[i];
                if (stream.Ssrc != 0 && stream.ReceiveStats.Received > 0)
                {
                    blocks[blockCount++] = stream.ReceiveStats.BuildReportBlock(stream.Ssrc, nowMs);
                }
            }
        }
        byte[] buffer = Scratch;
        int length;
        bool sending;
        RtcpSenderInfo info = default;
        lock (_sendLock)
        {
            sending = line.WeSend && line.SenderPacketCount > 0;
            if (sending)
            {
                // The RTP time of "now", extrapolated from the last packet sent (RFC 3550 §6.4.1).
                uint rtpNow = line.LastRtpTimestamp + (uint)((nowMs - line.LastRtpSendMs) * line.ClockRate / 1000);
                info = new RtcpSenderInfo(ntp, rtpNow, line.SenderPacketCount, line.SenderOctetCount);
            }
        }
        if (sending)
        {
            length = RtcpReport.WriteSenderReport(buffer, line.LocalSsrc, info, blocks.Slice(0, blockCount));
        }
        else if (blockCount > 0)
        {
            length = RtcpReport.WriteReceiverReport(buffer, line.LocalSsrc, blocks.Slice(0, blockCount));
        }
        else
        {
            return;
        }
        if (length == 0)
        {
            return;
        }
        // A compound packet carries an SDES CNAME (RFC 3550 §6.1).
        length += RtcpSdes.WriteCname(buffer.AsSpan(length), line.LocalSsrc, s_cname);
        ProtectAndSendRtcp(buffer, length);
    }

    private void CheckSlowLink(MediaLine line, int threshold)
    {
        string media = line.IsVideo ? "video" : "audio";
        int uplink = line.UplinkLoss.Check(threshold);
        if (uplink > 0)
        {
            _engine.Events.SlowLink(_handle, line.Mid, media, true, uplink, line.Index, line.IsVideo);
        }
        int downlink = line.DownlinkLoss.Check(threshold);
        if (downlink > 0)
        {
            _engine.Events.SlowLink(_handle, line.Mid, media, false, downlink, line.Index, line.IsVideo);
        }
    }

    private InboundStream? FindStreamByRemoteSsrc(uint ssrc)
    {
        MediaLine[] lines = _lines;
        for (int i = 0; i < lines.Length; i++)
        {
            InboundStream[] inbound = lines[i].Inbound;
            for (int j = 0; j < inbound.Length; j++)
            {
                if (lines[i].IsRtp && inbound[j].Ssrc == ssrc)
                {
                    return inbound[j];
                }
            }
        }
        return null;
    }

    private MediaLine? FindLineByLocalSsrc(uint ssrc)
    {
        MediaLine[] lines = _lines;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].IsRtp && lines[i].LocalSsrc == ssrc)
            {
                return lines[i];
            }
        }
        return null;
    }

    private void DisposeRetransmissions()
    {
        lock (_sendLock)
        {
            _retransmissions?.Dispose();
            _retransmissions = null;
        }
    }
}
