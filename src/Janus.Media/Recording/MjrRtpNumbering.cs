using System.Buffers.Binary;

namespace Janus.Media.Recording;

/// <summary>
/// Renumbers the RTP packets of a recording the way Janus's recorder does (record.c runs every packet through
/// rtp.c's switching context before writing it): sequence numbers start at 1 and timestamps at 0, and when the
/// SSRC changes both continue from the last packet, the timestamp advanced by the wall time since then.
/// One difference, on purpose: the SSRC field keeps the first packet's SSRC. Janus leaves it as the packet had it,
/// and janus-pp-rec drops every packet whose SSRC differs from the first one, which is why Janus's plugins force
/// a fixed SSRC before recording a simulcast stream; here every caller gets that for free.
/// </summary>
internal sealed class MjrRtpNumbering
{
    private readonly int _clockRate;
    private bool _started;
    private uint _ssrc;
    private uint _sourceSsrc;
    private uint _baseTs;
    private uint _baseTsPrev;
    private uint _lastTs;
    private ushort _baseSeq;
    private ushort _baseSeqPrev;
    private ushort _lastSeq;
    private long _lastTimeUs;

    public MjrRtpNumbering(int clockRate) => _clockRate = clockRate;

    /// <summary>Rewrites sequence number, timestamp and SSRC of <paramref name="rtp"/> (at least 12 bytes) in place.</summary>
    public void Rewrite(Span<byte> rtp, long nowUs)
    {
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(rtp.Slice(8, 4));
        uint timestamp = BinaryPrimitives.ReadUInt32BigEndian(rtp.Slice(4, 4));
        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(rtp.Slice(2, 2));
        if (!_started || ssrc != _sourceSsrc)
        {
            if (!_started)
            {
                _ssrc = ssrc;
            }
            _sourceSsrc = ssrc;
            _baseTsPrev = _lastTs;
            _baseTs = timestamp;
            if (_started)
            {
                // As rtp.c does: the gap since the previous source's last packet, in RTP clock ticks, at least one.
                long ticks = (nowUs - _lastTimeUs) * _clockRate / 1_000_000;
                _baseTsPrev += (uint)Math.Max(1, ticks);
            }
            _baseSeqPrev = _lastSeq;
            _baseSeq = seq;
            _started = true;
        }
        _lastTs = timestamp - _baseTs + _baseTsPrev;
        _lastSeq = (ushort)(seq - _baseSeq + _baseSeqPrev + 1);
        _lastTimeUs = nowUs;
        BinaryPrimitives.WriteUInt16BigEndian(rtp.Slice(2, 2), _lastSeq);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.Slice(4, 4), _lastTs);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.Slice(8, 4), _ssrc);
    }

    /// <summary>The RTP clock Janus's recorder assumes for a codec when it bridges an SSRC change.</summary>
    public static int ClockRateOf(string codec) => codec switch
    {
        "opus" or "multiopus" or "l16-48" => 48000,
        "g711" or "pcmu" or "pcma" or "g722" => 8000,
        "l16" => 16000,
        _ => 90000,
    };
}
