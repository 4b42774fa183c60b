using System.Text.Json.Nodes;
using Janus.Core.Plugins;
using Janus.Media.Recording;
using Janus.Media.Rtp;
using Janus.Media.Rtp.Codecs;
using Janus.Media.Rtp.Rtcp;

namespace Janus.Media.Relay;

/// <summary>
/// One handle's media in the <see cref="RelayGraph"/>: its flags, who receives its peer's media, what it receives of
/// a simulcast or SVC sender, its recordings, and the peer it sends through. Route changes go through the graph's
/// lock; the packet path reads copy-on-write arrays and volatile fields without locks and allocates nothing.
/// </summary>
public sealed class RelayNode : IHandleMedia
{
    // Room for the largest RTP packet a recipient gets after simulcast or SVC rewriting.
    private const int ScratchSize = 2048;

    internal static readonly RelayNode[] NoRecipients = [];

    [ThreadStatic]
    private static byte[]? t_scratch;

    // Bits 0..2: "in" for audio, video, data; bits 3..5: "out". All on by default, as Janus's script plugins start.
    private int _flags = 0b111_111;
    private volatile RelayNode[] _recipients = NoRecipients;
    private volatile RelayNode? _sender;
    private volatile IRelayPeer? _peer;
    private volatile bool _dataReady;
    private volatile bool _peerSendsSvc;
    private long _bitrateCap;
    private int _pliFrequencySeconds;
    private long _nextPliTimestamp;

    internal RelayNode(PluginHandle handle, IPlugin? plugin, RelayGraph graph)
    {
        Handle = handle;
        Plugin = plugin;
        Graph = graph;
        Simulcast = new SimulcastForwarder(graph.Time);
        Svc = new SvcForwarder(graph.Time);
        _recordedSubstream = new SimulcastForwarder(graph.Time);
    }

    public PluginHandle Handle { get; }

    /// <summary>The plugin told when what this node receives switches layers (null in tests of the graph alone).</summary>
    internal IPlugin? Plugin { get; }

    internal RelayGraph Graph { get; }

    internal bool Removed { get; set; }

    /// <summary>The PeerConnection this node sends through, while there is one.</summary>
    public IRelayPeer? Peer
    {
        get => _peer;
        set => _peer = value;
    }

    /// <summary>The nodes this node's media goes to (a snapshot: never modified after publication).</summary>
    public ReadOnlySpan<RelayNode> Recipients => _recipients;

    internal RelayNode[] RecipientArray
    {
        get => _recipients;
        set => _recipients = value;
    }

    /// <summary>The node whose media this node last started receiving; its keyframe requests go there.</summary>
    public RelayNode? Sender
    {
        get => _sender;
        internal set => _sender = value;
    }

    public bool IsDataReady => _dataReady;

    public uint BitrateCap => (uint)Volatile.Read(ref _bitrateCap);

    public int PliFrequencySeconds => Volatile.Read(ref _pliFrequencySeconds);

    internal long NextPliTimestamp
    {
        get => Volatile.Read(ref _nextPliTimestamp);
        set => Volatile.Write(ref _nextPliTimestamp, value);
    }

    /// <summary>The peer sends SVC video (janus.js lists its SVC m-lines in the JSEP): recipients get chosen layers.</summary>
    public bool PeerSendsSvc
    {
        get => _peerSendsSvc;
        set => _peerSendsSvc = value;
    }

    /// <summary>What this node receives of a simulcasting sender: the substream and temporal layer, and the switching state.</summary>
    public SimulcastForwarder Simulcast { get; }

    /// <summary>What this node receives of an SVC sender: the spatial and temporal layers.</summary>
    public SvcForwarder Svc { get; }

    /// <summary>The recordings of what this node's peer sends (Janus's startRecording).</summary>
    public MediaRecorders Recorders { get; } = new();

    // A simulcasting peer's video is recorded from its best substream, as one continuous stream.
    private readonly SimulcastForwarder _recordedSubstream;

    public VideoLayerState Layers => new(
        Simulcast.Substream, Simulcast.TargetSubstream,
        Svc.SpatialLayer, Svc.TargetSpatialLayer,
        _simulcastSeen ? Simulcast.TemporalLayer : Svc.TemporalLayer,
        _simulcastSeen ? Simulcast.TargetTemporalLayer : Svc.TargetTemporalLayer,
        _simulcastSeen, _svcSeen);

    private volatile bool _simulcastSeen;
    private volatile bool _svcSeen;

    // ---- Routes (any thread) -----------------------------------------------------------------------------

    public bool IsEnabled(RelayMedium medium, RelayDirection direction) => (Volatile.Read(ref _flags) & FlagBit(medium, direction)) != 0;

    public void Configure(RelayMedium medium, RelayDirection direction, bool enabled)
    {
        int bit = FlagBit(medium, direction);
        int current, next;
        do
        {
            current = Volatile.Read(ref _flags);
            next = enabled ? current | bit : current & ~bit;
        }
        while (Interlocked.CompareExchange(ref _flags, next, current) != current);
    }

    public void AddRecipient(IHandleMedia recipient) => Graph.AddRecipient(this, Of(recipient));

    public void RemoveRecipient(IHandleMedia recipient) => Graph.RemoveRecipient(this, Of(recipient));

    /// <summary>Caps what the peer may send: a REMB now, and the cap answers every REMB the peer sends later.</summary>
    public void SetBitrateCap(uint bitsPerSecond)
    {
        Volatile.Write(ref _bitrateCap, bitsPerSecond);
        if (bitsPerSecond > 0)
        {
            SendRemb(bitsPerSecond);
        }
    }

    public void SetPliFrequency(int seconds)
    {
        seconds = Math.Max(0, seconds);
        Volatile.Write(ref _pliFrequencySeconds, seconds);
        NextPliTimestamp = Graph.Time.GetTimestamp() + seconds * Graph.Time.TimestampFrequency;
    }

    /// <summary>
    /// The simulcast substream this node receives from now on (0..2; anything else is ignored, as in Janus). A switch
    /// waits for a keyframe, so the sender is asked for one (Janus's Lua plugin leaves that to the sender's own pace,
    /// which for browsers means never).
    /// </summary>
    public void SetSubstream(int substream)
    {
        if (substream is < 0 or > 2)
        {
            return;
        }
        bool changed = Simulcast.TargetSubstream != substream;
        Simulcast.TargetSubstream = substream;
        if (changed && Simulcast.Substream != substream)
        {
            RequestKeyframeFromSender();
        }
    }

    /// <summary>The temporal layer cap (0..2; anything else is ignored), for a simulcast and an SVC sender alike.</summary>
    public void SetTemporalLayer(int layer)
    {
        if (layer is < 0 or > 2)
        {
            return;
        }
        bool changed = Simulcast.TargetTemporalLayer != layer || Svc.TargetTemporalLayer != layer;
        Simulcast.TargetTemporalLayer = layer;
        Svc.TargetTemporalLayer = layer;
        if (changed && (_svcSeen ? Svc.TemporalLayer : Simulcast.TemporalLayer) != layer)
        {
            RequestKeyframeFromSender();
        }
    }

    /// <summary>The SVC spatial layer cap (0..2; anything else is ignored).</summary>
    public void SetSpatialLayer(int layer)
    {
        if (layer is < 0 or > 2)
        {
            return;
        }
        bool changed = Svc.TargetSpatialLayer != layer;
        Svc.TargetSpatialLayer = layer;
        if (changed && Svc.SpatialLayer != layer)
        {
            RequestKeyframeFromSender();
        }
    }

    public void SetSimulcastFallback(int microseconds) => Simulcast.FallbackMicroseconds = microseconds;

    public void RequestKeyframe(int mindex = -1)
    {
        if (!Handle.IsStopped)
        {
            _peer?.SendPli(mindex);
        }
    }

    public void SendRemb(uint bitsPerSecond)
    {
        if (!Handle.IsStopped)
        {
            _peer?.SendRemb(bitsPerSecond);
        }
    }

    public void SendRtp(in RtpPacket packet)
    {
        if (!Handle.IsStopped)
        {
            _peer?.SendRtp(packet.Buffer, packet.Video, packet.MIndex);
        }
    }

    public void SendRtcp(in RtcpPacket packet)
    {
        if (!Handle.IsStopped)
        {
            _peer?.SendRtcp(packet.Buffer, packet.Video, packet.MIndex);
        }
    }

    public void SendData(in DataPacket packet)
    {
        if (!Handle.IsStopped)
        {
            _peer?.SendData(packet.Label, packet.Protocol, packet.Binary, packet.Buffer);
        }
    }

    /// <summary>The files being recorded, as Janus's plugins list them in handle_info, or null.</summary>
    public JsonObject? DescribeRecordings() => Recorders.Active ? Recorders.Describe() : null;

    // ---- The peer's side (the PeerConnection) --------------------------------------------------------------

    /// <summary>The data channel became writable (first open, buffers drained): relayed data may go to it, the plugin hears.</summary>
    public void PeerDataReady()
    {
        _dataReady = true;
        if (!Handle.IsStopped)
        {
            Plugin?.DataReady(Handle);
        }
    }

    /// <summary>The PeerConnection went away: no more peer, and the relay paths go with it (Janus clears them on hangup).</summary>
    public void PeerGone(IRelayPeer peer)
    {
        if (Interlocked.CompareExchange(ref _peer, null, peer) != peer)
        {
            return;
        }
        Graph.ClearMedia(this);
    }

    // ---- The packet path (receive threads) ----------------------------------------------------------------

    /// <summary>
    /// RTP from this node's peer (<paramref name="mindex"/>: the m-line it came on): recorded, then forwarded to each
    /// recipient that accepts the medium, each getting the simulcast substream or SVC layers it asked for; or, when the
    /// plugin takes this medium's packets itself (Janus's way), handed to the plugin instead of the recipients.
    /// </summary>
    public void ReceiveRtp(Span<byte> rtp, bool video, int mindex, int substream, RtpVideoCodec codec, FrameLayers layers)
    {
        IPlugin? plugin = Plugin;
        if (plugin is not null && (plugin.MediaInterest & (video ? PluginMediaInterest.VideoRtp : PluginMediaInterest.AudioRtp)) != 0)
        {
            if (Recorders.Active)
            {
                Record(rtp, video, substream, codec, layers);
            }
            // Same members, same order: the contract's codec enum mirrors the core's (a test holds them together).
            plugin.IncomingRtp(Handle, new RtpPacket(mindex, video, rtp, substream, (VideoCodec)codec,
                new VideoLayers(layers.Spatial, layers.Temporal, layers.StartOfFrame, layers.EndOfFrame, layers.Known)));
            return;
        }
        RelayMedium medium = video ? RelayMedium.Video : RelayMedium.Audio;
        if (!IsEnabled(medium, RelayDirection.Out))
        {
            return;
        }
        if (Recorders.Active)
        {
            Record(rtp, video, substream, codec, layers);
        }
        RelayNode[] recipients = _recipients;
        for (int i = 0; i < recipients.Length; i++)
        {
            RelayNode recipient = recipients[i];
            IRelayPeer? peer = recipient._peer;
            if (peer is null || !recipient.IsEnabled(medium, RelayDirection.In) || recipient.Handle.IsStopped)
            {
                continue;
            }
            // An echo goes back on the m-line it came on; other recipients get it on their first of the kind,
            // as Janus's script plugins negotiate one audio and one video stream.
            int targetIndex = ReferenceEquals(recipient, this) ? mindex : -1;
            if (video && substream >= 0)
            {
                recipient.ForwardSimulcast(this, peer, rtp, substream, codec, layers, targetIndex);
            }
            else if (video && _peerSendsSvc && codec is RtpVideoCodec.Vp9 or RtpVideoCodec.Av1)
            {
                recipient.ForwardSvc(this, peer, rtp, codec, layers, targetIndex);
            }
            else
            {
                peer.SendRtp(rtp, video, targetIndex);
            }
        }
    }

    /// <summary>Records an RTP packet of this node's peer.</summary>
    public void Record(Span<byte> rtp, bool video, int substream, RtpVideoCodec codec, FrameLayers layers)
    {
        if (!video || substream < 0 || Recorders.Video is null)
        {
            Recorders.RecordRtp(video, rtp);
            return;
        }
        // The forwarder writes its copy to the scratch; the source stays as it arrived for the recipients.
        byte[] scratch = t_scratch ??= new byte[ScratchSize];
        SimulcastDecision decision = _recordedSubstream.Forward(rtp, substream, codec, scratch, out int length, layers.Known ? layers.Temporal : -1);
        if ((decision & SimulcastDecision.Relay) != 0)
        {
            Recorders.RecordRtp(true, scratch.AsSpan(0, length));
        }
    }

    /// <summary>RTCP from this node's peer: a REMB is answered with the cap, a keyframe request goes to the sender.</summary>
    public void ReceiveRtcp(ReadOnlySpan<byte> rtcp)
    {
        RtcpFeedback feedback = RtcpFeedbackScanner.Scan(rtcp);
        if (feedback.HasRemb)
        {
            uint cap = BitrateCap;
            if (cap > 0)
            {
                SendRemb(cap);
            }
        }
        if (feedback.KeyframeRequested)
        {
            RequestKeyframeFromSender();
        }
    }

    /// <summary>
    /// A data channel message from this node's peer: recorded, then forwarded to recipients that accept data and whose
    /// channel is open, or handed to the plugin when it takes this kind of data.
    /// </summary>
    public void ReceiveData(string? label, string? protocol, bool binary, ReadOnlySpan<byte> data)
    {
        if (!data.IsEmpty)
        {
            Recorders.RecordData(data);
        }
        IPlugin? plugin = Plugin;
        if (plugin is not null && (plugin.MediaInterest & (binary ? PluginMediaInterest.BinaryData : PluginMediaInterest.TextData)) != 0)
        {
            plugin.IncomingData(Handle, new DataPacket(label, protocol, binary, data));
            return;
        }
        if (!IsEnabled(RelayMedium.Data, RelayDirection.Out))
        {
            return;
        }
        RelayNode[] recipients = _recipients;
        for (int i = 0; i < recipients.Length; i++)
        {
            RelayNode recipient = recipients[i];
            if (recipient._dataReady && recipient.IsEnabled(RelayMedium.Data, RelayDirection.In) && !recipient.Handle.IsStopped)
            {
                recipient._peer?.SendData(label, protocol, binary, data);
            }
        }
    }

    // Each recipient gets one substream and temporal layer of a simulcasting sender, switched on keyframes.
    private void ForwardSimulcast(RelayNode sender, IRelayPeer peer, Span<byte> rtp, int substream, RtpVideoCodec codec, FrameLayers layers, int mindex)
    {
        if (!_simulcastSeen)
        {
            _simulcastSeen = true;
        }
        byte[] scratch = t_scratch ??= new byte[ScratchSize];
        SimulcastDecision decision = Simulcast.Forward(rtp, substream, codec, scratch, out int length, layers.Known ? layers.Temporal : -1);
        if ((decision & SimulcastDecision.KeyframeNeeded) != 0)
        {
            sender.RequestKeyframe();
        }
        if ((decision & SimulcastDecision.Relay) == 0)
        {
            return;
        }
        VideoLayerChange change = VideoLayerChange.None;
        if ((decision & SimulcastDecision.SubstreamChanged) != 0)
        {
            change |= VideoLayerChange.Substream;
        }
        if ((decision & SimulcastDecision.TemporalLayerChanged) != 0)
        {
            change |= VideoLayerChange.TemporalLayer;
        }
        if (change != VideoLayerChange.None)
        {
            Plugin?.VideoLayersChanged(Handle, change, Layers);
        }
        peer.SendRtp(scratch.AsSpan(0, length), true, mindex);
    }

    // An SVC sender's video reaches the recipient with only the spatial and temporal layers it asked for.
    private void ForwardSvc(RelayNode sender, IRelayPeer peer, Span<byte> rtp, RtpVideoCodec codec, FrameLayers layers, int mindex)
    {
        if (!_svcSeen)
        {
            _svcSeen = true;
        }
        byte[] scratch = t_scratch ??= new byte[ScratchSize];
        SvcDecision decision = Svc.Forward(rtp, codec, layers, scratch, out int length);
        if ((decision & SvcDecision.KeyframeNeeded) != 0)
        {
            sender.RequestKeyframe();
        }
        if ((decision & SvcDecision.Relay) == 0)
        {
            return;
        }
        VideoLayerChange change = VideoLayerChange.None;
        if ((decision & SvcDecision.SpatialLayerChanged) != 0)
        {
            change |= VideoLayerChange.SpatialLayer;
        }
        if ((decision & SvcDecision.TemporalLayerChanged) != 0)
        {
            change |= VideoLayerChange.TemporalLayer;
        }
        if (change != VideoLayerChange.None)
        {
            Plugin?.VideoLayersChanged(Handle, change, Layers);
        }
        peer.SendRtp(scratch.AsSpan(0, length), true, mindex);
    }

    private void RequestKeyframeFromSender() => _sender?.RequestKeyframe();

    /// <summary>The PLI pacing of <see cref="SetPliFrequency"/>, from the graph's tick.</summary>
    internal void SendPliIfDue(long timestamp)
    {
        int seconds = PliFrequencySeconds;
        if (seconds > 0 && timestamp >= NextPliTimestamp)
        {
            NextPliTimestamp = timestamp + seconds * Graph.Time.TimestampFrequency;
            RequestKeyframe();
        }
    }

    /// <summary>Forgets per-PeerConnection state (a new PeerConnection starts the streams again); targets stay.</summary>
    internal void ResetStreams()
    {
        _dataReady = false;
        _peerSendsSvc = false;
        _simulcastSeen = false;
        _svcSeen = false;
        Simulcast.Reset();
        Svc.Reset();
        _recordedSubstream.Reset();
    }

    private RelayNode Of(IHandleMedia media) => media as RelayNode is { } node && node.Graph == Graph
        ? node
        : throw new ArgumentException("the recipient belongs to another media core", nameof(media));

    private static int FlagBit(RelayMedium medium, RelayDirection direction) => 1 << ((int)medium + (direction == RelayDirection.Out ? 3 : 0));

    public override string ToString() => $"relay{Handle}";
}
