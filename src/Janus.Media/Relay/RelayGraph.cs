using System.Diagnostics;
using Janus.Core.Plugins;
using Janus.Media.Net;
using Janus.Media.Rtp.Rtcp;

namespace Janus.Media.Relay;

/// <summary>
/// Who receives whose media, for plugins that shape media without touching packets (the script plugins):
/// the per-session flags and recipient lists Janus's Lua and Duktape plugins keep in C.
/// Graph changes take a lock and publish new arrays; the packet path reads them without locks and allocates nothing.
/// </summary>
public sealed class RelayGraph : IDisposable
{
    // Room for the largest RTP packet a recipient gets after simulcast rewriting.
    private const int ScratchSize = 2048;

    [ThreadStatic]
    private static byte[]? t_scratch;

    private readonly IPluginGateway _gateway;
    private readonly IRelayGraphListener? _listener;
    private readonly object _gate = new();
    private readonly IDisposable _pliTimer;
    private volatile RelayNode[] _nodes = RelayNode.NoRecipients;

    public RelayGraph(IPluginGateway gateway, IRelayGraphListener? listener = null)
    {
        _gateway = gateway;
        _listener = listener;
        _pliTimer = MediaClock.Every(TimeSpan.FromSeconds(1), () => SendDuePlis(Stopwatch.GetTimestamp()));
    }

    public int Count => _nodes.Length;

    public RelayNode AddNode(PluginHandle handle)
    {
        var node = new RelayNode(handle, this);
        lock (_gate)
        {
            _nodes = Append(_nodes, node);
        }

        return node;
    }

    /// <summary>Takes the node out of the graph: nobody sends to it, it sends to nobody.</summary>
    public void RemoveNode(RelayNode node)
    {
        lock (_gate)
        {
            DisconnectLocked(node);
            node.Removed = true;
            _nodes = Without(_nodes, node);
        }

        node.Recorders.StopAll();
    }

    /// <summary>The PeerConnection went away: the node's relay paths go with it (Janus clears recipients on hangup_media).</summary>
    public void ClearMedia(RelayNode node)
    {
        lock (_gate)
        {
            DisconnectLocked(node);
        }

        node.DataReady = false;
        node.Simulcast.Reset();
        node.Recorders.StopAll();
    }

    public void ConfigureMedium(RelayNode node, RelayMedium medium, RelayDirection direction, bool enabled) =>
        node.SetEnabled(medium, direction, enabled);

    /// <summary>Media arriving from <paramref name="sender"/> is forwarded to <paramref name="recipient"/>; the recipient's keyframe requests go to the sender.</summary>
    public void AddRecipient(RelayNode sender, RelayNode recipient)
    {
        lock (_gate)
        {
            if (sender.Removed || recipient.Removed)
            {
                return;
            }

            if (Array.IndexOf(sender.RecipientArray, recipient) < 0)
            {
                sender.RecipientArray = Append(sender.RecipientArray, recipient);
            }

            recipient.Sender = sender;
        }
    }

    public void RemoveRecipient(RelayNode sender, RelayNode recipient)
    {
        lock (_gate)
        {
            sender.RecipientArray = Without(sender.RecipientArray, recipient);
            if (recipient.Sender == sender)
            {
                recipient.Sender = null;
            }
        }
    }

    /// <summary>Caps what the peer may send: a REMB now, and the cap answers every REMB the peer sends later.</summary>
    public void SetBitrate(RelayNode node, uint bitsPerSecond)
    {
        node.BitrateCap = bitsPerSecond;
        if (bitsPerSecond > 0 && !node.Handle.IsStopped)
        {
            _gateway.SendRemb(node.Handle, bitsPerSecond);
        }
    }

    /// <summary>Asks the node's peer for a keyframe every <paramref name="seconds"/> (0 stops).</summary>
    public void SetPliFrequency(RelayNode node, int seconds)
    {
        node.PliFrequencySeconds = Math.Max(0, seconds);
        node.NextPliTimestamp = Stopwatch.GetTimestamp() + (long)Math.Max(0, seconds) * Stopwatch.Frequency;
    }

    /// <summary>
    /// The simulcast substream the node receives from now on (0..2; anything else is ignored, as in Janus). A switch
    /// waits for a keyframe, so the node's sender is asked for one (Janus's Lua plugin leaves that to the sender's
    /// own pace, which for browsers means never).
    /// </summary>
    public void SetSubstream(RelayNode node, int substream)
    {
        if (substream is < 0 or > 2)
        {
            return;
        }
        SimulcastForwarder simulcast = node.Simulcast;
        bool changed = simulcast.TargetSubstream != substream;
        simulcast.TargetSubstream = substream;
        if (changed && simulcast.Substream != substream)
        {
            RequestKeyframeFor(node);
        }
    }

    /// <summary>The temporal layer cap of what the node receives (0..2; anything else is ignored).</summary>
    public void SetTemporalLayer(RelayNode node, int layer)
    {
        if (layer is < 0 or > 2)
        {
            return;
        }
        SimulcastForwarder simulcast = node.Simulcast;
        bool changed = simulcast.TargetTemporalLayer != layer;
        simulcast.TargetTemporalLayer = layer;
        if (changed && simulcast.TemporalLayer != layer)
        {
            RequestKeyframeFor(node);
        }
    }

    private void RequestKeyframeFor(RelayNode recipient)
    {
        if (recipient.Sender is { } sender)
        {
            SendPli(sender);
        }
    }

    public void SendPli(RelayNode node)
    {
        if (!node.Handle.IsStopped)
        {
            _gateway.SendPli(node.Handle);
        }
    }

    public void SetDataReady(RelayNode node) => node.DataReady = true;

    /// <summary>RTP from the node's peer: forwarded to each recipient that accepts the medium, if the node may send it.</summary>
    public void IncomingRtp(RelayNode sender, in RtpPacket packet)
    {
        RelayMedium medium = packet.Video ? RelayMedium.Video : RelayMedium.Audio;
        if (!sender.IsEnabled(medium, RelayDirection.Out))
        {
            return;
        }

        if (sender.Recorders.Active)
        {
            sender.Recorders.Record(packet);
        }

        RelayNode[] recipients = sender.RecipientArray;
        for (int i = 0; i < recipients.Length; i++)
        {
            RelayNode recipient = recipients[i];
            if (!recipient.IsEnabled(medium, RelayDirection.In) || recipient.Handle.IsStopped)
            {
                continue;
            }
            if (packet.Video && packet.Substream >= 0)
            {
                RelaySimulcast(sender, recipient, packet);
                continue;
            }
            // mindex -1: script plugins negotiate one audio and one video stream, as in Janus.
            _gateway.RelayRtp(recipient.Handle, new RtpPacket(-1, packet.Video, packet.Buffer));
        }
    }

    // Each recipient gets one substream and temporal layer of a simulcasting sender, switched on keyframes.
    private void RelaySimulcast(RelayNode sender, RelayNode recipient, in RtpPacket packet)
    {
        byte[] scratch = t_scratch ??= new byte[ScratchSize];
        SimulcastForwarder forwarder = recipient.Simulcast;
        SimulcastDecision decision = forwarder.Forward(packet.Buffer, packet.Substream, packet.Codec, scratch, out int length, packet.Layers.Known ? packet.Layers.Temporal : -1);
        if ((decision & SimulcastDecision.KeyframeNeeded) != 0)
        {
            SendPli(sender);
        }
        if ((decision & SimulcastDecision.Relay) == 0)
        {
            return;
        }
        if ((decision & SimulcastDecision.SubstreamChanged) != 0)
        {
            _listener?.SubstreamChanged(recipient, forwarder.Substream);
        }
        if ((decision & SimulcastDecision.TemporalLayerChanged) != 0)
        {
            _listener?.TemporalLayerChanged(recipient, forwarder.TemporalLayer);
        }
        _gateway.RelayRtp(recipient.Handle, new RtpPacket(-1, true, scratch.AsSpan(0, length)));
    }

    /// <summary>RTCP from the node's peer: REMB is answered with the node's cap, a keyframe request goes to the node's sender.</summary>
    public void IncomingRtcp(RelayNode node, in RtcpPacket packet)
    {
        RtcpFeedback feedback = RtcpFeedbackScanner.Scan(packet.Buffer);
        if (feedback.HasRemb)
        {
            uint cap = node.BitrateCap;
            if (cap > 0 && !node.Handle.IsStopped)
            {
                _gateway.SendRemb(node.Handle, cap);
            }
        }

        if (feedback.KeyframeRequested)
        {
            RelayNode? sender = node.Sender;
            if (sender is not null && !sender.Handle.IsStopped)
            {
                _gateway.SendPli(sender.Handle);
            }
        }
    }

    /// <summary>A data channel message from the node's peer: forwarded to recipients that accept data and whose channel is open.</summary>
    public void IncomingData(RelayNode sender, in DataPacket packet)
    {
        if (!sender.IsEnabled(RelayMedium.Data, RelayDirection.Out))
        {
            return;
        }

        RelayNode[] recipients = sender.RecipientArray;
        for (int i = 0; i < recipients.Length; i++)
        {
            RelayNode recipient = recipients[i];
            if (recipient.DataReady && recipient.IsEnabled(RelayMedium.Data, RelayDirection.In) && !recipient.Handle.IsStopped)
            {
                _gateway.RelayData(recipient.Handle, packet);
            }
        }
    }

    /// <summary>Sends the periodic PLIs that are due at <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void SendDuePlis(long timestamp)
    {
        RelayNode[] nodes = _nodes;
        for (int i = 0; i < nodes.Length; i++)
        {
            RelayNode node = nodes[i];
            int seconds = node.PliFrequencySeconds;
            if (seconds > 0 && timestamp >= node.NextPliTimestamp)
            {
                node.NextPliTimestamp = timestamp + (long)seconds * Stopwatch.Frequency;
                SendPli(node);
            }
        }
    }

    public void Dispose() => _pliTimer.Dispose();

    private void DisconnectLocked(RelayNode node)
    {
        foreach (RelayNode recipient in node.RecipientArray)
        {
            if (recipient.Sender == node)
            {
                recipient.Sender = null;
            }
        }

        node.RecipientArray = RelayNode.NoRecipients;
        RelayNode? sender = node.Sender;
        if (sender is not null)
        {
            sender.RecipientArray = Without(sender.RecipientArray, node);
            node.Sender = null;
        }

        // A node may also be a recipient of nodes it does not consider its sender (several addRecipient calls).
        foreach (RelayNode other in _nodes)
        {
            if (Array.IndexOf(other.RecipientArray, node) >= 0)
            {
                other.RecipientArray = Without(other.RecipientArray, node);
            }
        }
    }

    private static RelayNode[] Append(RelayNode[] array, RelayNode node)
    {
        var next = new RelayNode[array.Length + 1];
        array.CopyTo(next, 0);
        next[^1] = node;
        return next;
    }

    private static RelayNode[] Without(RelayNode[] array, RelayNode node)
    {
        int index = Array.IndexOf(array, node);
        if (index < 0)
        {
            return array;
        }

        if (array.Length == 1)
        {
            return RelayNode.NoRecipients;
        }

        var next = new RelayNode[array.Length - 1];
        Array.Copy(array, 0, next, 0, index);
        Array.Copy(array, index + 1, next, index, array.Length - index - 1);
        return next;
    }
}
