using System.Buffers.Binary;

namespace Janus.Media.Rtp.Feedback;

/// <summary>
/// Keeps an outgoing stream continuous when the packets a plugin relays come from a different source
/// (another SSRC after a switch, or the same peer after a restart): the SSRC becomes ours, and sequence
/// numbers and timestamps continue from where the previous source left off (Janus's switching context).
/// Callers serialise access (the PeerConnection's send lock).
/// </summary>
internal sealed class RtpStreamRewriter
{
    private uint _sourceSsrc;
    private bool _started;
    private ushort _seqOffset;
    private uint _tsOffset;
    private ushort _lastSeq;
    private uint _lastTs;
    private long _lastMs;

    /// <summary>
    /// Rewrites SSRC, sequence number and timestamp of an RTP packet in place. <paramref name="clockRate"/> and
    /// <paramref name="nowMs"/> place the first packet of a new source as far after the previous one as time says.
    /// </summary>
    public void Rewrite(Span<byte> rtp, uint localSsrc, int clockRate, long nowMs)
    {
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(rtp.Slice(8, 4));
        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(rtp.Slice(2, 2));
        uint ts = BinaryPrimitives.ReadUInt32BigEndian(rtp.Slice(4, 4));
        if (!_started)
        {
            _started = true;
            _sourceSsrc = ssrc;
            _seqOffset = 0;
            _tsOffset = 0;
        }
        else if (ssrc != _sourceSsrc)
        {
            // A new source (another simulcast substream, or another sender): continue right after the last packet
            // we sent, its timestamp advanced by the time since then, so playout keeps its pace.
            _sourceSsrc = ssrc;
            _seqOffset = (ushort)(_lastSeq + 1 - seq);
            long elapsed = Math.Clamp(nowMs - _lastMs, 1, 10_000) * clockRate / 1000;
            _tsOffset = _lastTs + (uint)Math.Max(1, elapsed) - ts;
        }
        ushort outSeq = (ushort)(seq + _seqOffset);
        uint outTs = ts + _tsOffset;
        // Only move "last" forward, so a late retransmission of an old packet does not rewind the next switch.
        if ((short)(outSeq - _lastSeq) > 0 || _lastSeq == 0)
        {
            _lastSeq = outSeq;
            _lastTs = outTs;
            _lastMs = nowMs;
        }
        BinaryPrimitives.WriteUInt16BigEndian(rtp.Slice(2, 2), outSeq);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.Slice(4, 4), outTs);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.Slice(8, 4), localSsrc);
    }

    public void Reset() => _started = false;
}
