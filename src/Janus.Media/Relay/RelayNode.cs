using Janus.Core.Plugins;

namespace Janus.Media.Relay;

/// <summary>
/// One handle in a <see cref="RelayGraph"/>: its media flags, who receives its media, whose media it receives.
/// Written under the graph's lock, read without locks on receive threads (copy-on-write arrays, volatile fields).
/// </summary>
public sealed class RelayNode
{
    internal static readonly RelayNode[] NoRecipients = [];

    // Bits 0..2: "in" for audio, video, data; bits 3..5: "out". All on by default, as Janus's script plugins start.
    private int _flags = 0b111_111;
    private volatile RelayNode[] _recipients = NoRecipients;
    private volatile RelayNode? _sender;
    private volatile bool _dataReady;
    private long _bitrateCap;
    private int _pliFrequencySeconds;
    private long _nextPliTimestamp;

    internal RelayNode(PluginHandle handle, RelayGraph graph)
    {
        Handle = handle;
        Graph = graph;
    }

    public PluginHandle Handle { get; }

    internal RelayGraph Graph { get; }

    internal bool Removed { get; set; }

    /// <summary>The nodes this node's media goes to (a snapshot: never modified after publication).</summary>
    public ReadOnlySpan<RelayNode> Recipients => _recipients;

    internal RelayNode[] RecipientArray
    {
        get => _recipients;
        set => _recipients = value;
    }

    /// <summary>The node whose media this node last started receiving; its PLIs go there.</summary>
    public RelayNode? Sender
    {
        get => _sender;
        internal set => _sender = value;
    }

    /// <summary>The data channel is writable (set by DataReady, cleared on hangup).</summary>
    public bool DataReady
    {
        get => _dataReady;
        internal set => _dataReady = value;
    }

    /// <summary>REMB cap in bits per second; 0 means no cap.</summary>
    public uint BitrateCap
    {
        get => (uint)Volatile.Read(ref _bitrateCap);
        internal set => Volatile.Write(ref _bitrateCap, value);
    }

    public int PliFrequencySeconds
    {
        get => Volatile.Read(ref _pliFrequencySeconds);
        internal set => Volatile.Write(ref _pliFrequencySeconds, value);
    }

    internal long NextPliTimestamp
    {
        get => Volatile.Read(ref _nextPliTimestamp);
        set => Volatile.Write(ref _nextPliTimestamp, value);
    }

    /// <summary>What this node receives of a simulcasting sender: the substream and temporal layer, and the switching state.</summary>
    public SimulcastForwarder Simulcast { get; } = new();

    /// <summary>The recordings of what this node's peer sends (Janus's startRecording).</summary>
    public Recording.MediaRecorders Recorders { get; } = new();

    public bool IsEnabled(RelayMedium medium, RelayDirection direction) => (Volatile.Read(ref _flags) & FlagBit(medium, direction)) != 0;

    internal void SetEnabled(RelayMedium medium, RelayDirection direction, bool enabled)
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

    private static int FlagBit(RelayMedium medium, RelayDirection direction) => 1 << ((int)medium + (direction == RelayDirection.Out ? 3 : 0));

    public override string ToString() => $"relay{Handle}";
}
