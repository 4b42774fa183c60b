using Janus.Core.Plugins;
using Janus.Media.Net;

namespace Janus.Media.Relay;

/// <summary>
/// Who receives whose media: one node per attached handle, the recipients of each, for every plugin of a media core.
/// The PeerConnection hands its peer's packets to its node, which sends them straight to the recipients'
/// PeerConnections: a relayed packet never leaves the media core. Route changes take a lock and publish new arrays;
/// the packet path reads them without locks and allocates nothing.
/// </summary>
public sealed class RelayGraph : IDisposable
{
    private readonly object _gate = new();
    private readonly IDisposable _pliTimer;
    private volatile RelayNode[] _nodes = RelayNode.NoRecipients;

    /// <param name="time">The clock of keyframe pacing and simulcast fallbacks (the system's when null).</param>
    /// <param name="ticks">Whether the graph paces periodic keyframe requests itself, once a second on the media clock (tests tick it by hand).</param>
    public RelayGraph(TimeProvider? time = null, bool ticks = true)
    {
        Time = time ?? TimeProvider.System;
        _pliTimer = ticks ? MediaClock.Every(Time, TimeSpan.FromSeconds(1), () => SendDuePlis(Time.GetTimestamp())) : NoTimer.Instance;
    }

    public TimeProvider Time { get; }

    public int Count => _nodes.Length;

    /// <summary>A node for a handle attached to <paramref name="plugin"/>, told of layer switches (null: nobody).</summary>
    public RelayNode AddNode(PluginHandle handle, IPlugin? plugin = null)
    {
        var node = new RelayNode(handle, plugin, this);
        lock (_gate)
        {
            _nodes = Append(_nodes, node);
        }
        return node;
    }

    /// <summary>Takes the node out of the graph: nobody sends to it, it sends to nobody, its recordings stop.</summary>
    public void RemoveNode(RelayNode node)
    {
        lock (_gate)
        {
            DisconnectLocked(node);
            node.Removed = true;
            node.Peer = null;
            _nodes = Without(_nodes, node);
        }
        node.Recorders.StopAll();
    }

    /// <summary>The PeerConnection went away: the node's relay paths go with it (Janus clears recipients on hangup_media).</summary>
    internal void ClearMedia(RelayNode node)
    {
        lock (_gate)
        {
            DisconnectLocked(node);
        }
        node.ResetStreams();
        node.Recorders.StopAll();
    }

    /// <summary>Media arriving from <paramref name="sender"/> is forwarded to <paramref name="recipient"/>; the recipient's keyframe requests go to the sender.</summary>
    internal void AddRecipient(RelayNode sender, RelayNode recipient)
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

    internal void RemoveRecipient(RelayNode sender, RelayNode recipient)
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

    /// <summary>Sends the periodic PLIs that are due at <paramref name="timestamp"/> (of <see cref="Time"/>).</summary>
    public void SendDuePlis(long timestamp)
    {
        RelayNode[] nodes = _nodes;
        for (int i = 0; i < nodes.Length; i++)
        {
            nodes[i].SendPliIfDue(timestamp);
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

    private sealed class NoTimer : IDisposable
    {
        public static readonly NoTimer Instance = new();

        public void Dispose()
        {
        }
    }
}
