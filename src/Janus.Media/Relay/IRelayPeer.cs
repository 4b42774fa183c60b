namespace Janus.Media.Relay;

/// <summary>
/// The peer end of a <see cref="RelayNode"/>: what the relay sends through (the handle's PeerConnection, which gives
/// each stream its own SSRC, continuous numbering and SRTP). Called on receive threads: must not block.
/// </summary>
public interface IRelayPeer
{
    /// <summary>An RTP packet for the peer; <paramref name="mindex"/> -1 means the first m-line of its kind.</summary>
    void SendRtp(ReadOnlySpan<byte> rtp, bool video, int mindex);

    void SendRtcp(ReadOnlySpan<byte> rtcp, bool video, int mindex);

    void SendData(string? label, string? protocol, bool binary, ReadOnlySpan<byte> data);

    /// <summary>Asks the peer for a keyframe on every video stream (mindex &lt; 0) or one.</summary>
    void SendPli(int mindex);

    void SendRemb(uint bitsPerSecond);
}
