using Janus.Media.Relay;

namespace Janus.Media.Tests.Relay.Infrastructure;

/// <summary>Stands where a PeerConnection would behind a relay node, and keeps what the relay sends to the peer.</summary>
internal sealed class RecordingRelayPeer(string name) : IRelayPeer
{
    private readonly object _gate = new();
    private int _rtpCount;

    public string Name { get; } = name;
    public List<(bool Video, int MIndex, byte[] Data)> Rtp { get; } = [];
    public List<(string? Label, bool Binary, byte[] Data)> Data { get; } = [];
    public int Plis;
    public List<uint> Rembs { get; } = [];

    /// <summary>When false, RTP is only counted (load and allocation tests).</summary>
    public bool KeepRtp { get; set; } = true;

    public int RtpCount => Volatile.Read(ref _rtpCount);

    public void SendRtp(ReadOnlySpan<byte> rtp, bool video, int mindex)
    {
        Interlocked.Increment(ref _rtpCount);
        if (KeepRtp)
        {
            lock (_gate)
            {
                Rtp.Add((video, mindex, rtp.ToArray()));
            }
        }
    }

    public void SendRtcp(ReadOnlySpan<byte> rtcp, bool video, int mindex)
    {
    }

    public void SendData(string? label, string? protocol, bool binary, ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            Data.Add((label, binary, data.ToArray()));
        }
    }

    public void SendPli(int mindex) => Interlocked.Increment(ref Plis);

    public void SendRemb(uint bitsPerSecond)
    {
        lock (_gate)
        {
            Rembs.Add(bitsPerSecond);
        }
    }

    public override string ToString() => Name;
}
