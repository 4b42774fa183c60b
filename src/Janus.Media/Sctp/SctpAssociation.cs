using System.Security.Cryptography;
using Janus.Core.Logging;

namespace Janus.Media.Sctp;

/// <summary>
/// One SCTP association carried over DTLS (RFC 8261) with the WebRTC data channels on it (RFC 8831, RFC 8832).
/// </summary>
/// <remarks>
/// Threading: calls may come from the DTLS receive thread, timer threads and any sender thread. One lock guards
/// the association; packets go out through the <see cref="SctpPacketSender"/> under that lock, while events are
/// raised after the lock is released, one at a time and in order, so a handler may call back in (Send, Close).
/// </remarks>
public sealed partial class SctpAssociation : IDisposable, IReassembledMessageSink
{
    private readonly object _lock = new();
    private readonly SctpAssociationOptions _options;
    private readonly SctpPacketSender _sender;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly SctpPacketWriter _writer;
    private readonly byte[] _cookieSecret = RandomNumberGenerator.GetBytes(32);
    private readonly int _maxDataPayload;
    private Phase _state;
    private bool _disposed;

    public SctpAssociation(SctpAssociationOptions options, SctpPacketSender sender)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sender);
        if (options.MaxPacketSize < 256 || options.MaxPacketSize > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxPacketSize must be between 256 and 65535");
        }

        _options = options;
        _sender = sender;
        _time = options.TimeProvider;
        _writer = new SctpPacketWriter(options.MaxPacketSize);
        _maxDataPayload = (options.MaxPacketSize - SctpPacket.CommonHeaderLength - SctpPacket.ChunkHeaderLength - DataChunk.HeaderLength) & ~3;
        _rto = new RtoEstimator(options.RtoInitialMs, options.RtoMinMs, options.RtoMaxMs);
        _reassembly = new ReassemblyQueue(options.LocalMaxMessageSize);
        _timer = _time.CreateTimer(static s => ((SctpAssociation)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The association is up: channels can be opened and used.</summary>
    public event Action? Established;

    /// <summary>A channel is open: the peer opened it (DATA_CHANNEL_OPEN), or it acknowledged one we opened.</summary>
    public event Action<DataChannel>? ChannelOpened;

    public event DataChannelMessageHandler? MessageReceived;

    /// <summary>Both directions of the channel's stream were reset, or the association ended.</summary>
    public event Action<DataChannel>? ChannelClosed;

    /// <summary>A channel's buffered amount fell to its threshold (Janus's data_ready).</summary>
    public event Action<DataChannel>? BufferedAmountLow;

    /// <summary>The association ended (SHUTDOWN, ABORT, too many retransmissions, or a local Close); with the reason.</summary>
    public event Action<string>? Closed;

    public SctpCounters Counters { get; } = new();

    public SctpAssociationState State
    {
        get
        {
            lock (_lock)
            {
                return _state switch
                {
                    Phase.Idle => SctpAssociationState.Idle,
                    Phase.CookieWait or Phase.CookieEchoed => SctpAssociationState.Connecting,
                    Phase.Established => SctpAssociationState.Established,
                    Phase.Closed => SctpAssociationState.Closed,
                    _ => SctpAssociationState.ShuttingDown,
                };
            }
        }
    }

    /// <summary>Sends INIT (RFC 9260 §5.1). In WebRTC both sides may do so; INIT collisions are resolved (§5.2).</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_state != Phase.Idle)
            {
                return;
            }

            EnsureLocalIdentity();
            _state = Phase.CookieWait;
            _initAttempts = 0;
            SendInit();
        }

        DrainEvents();
    }

    /// <summary>One decrypted DTLS application data record. Never throws; bad input is dropped and counted.</summary>
    public void HandleIncoming(ReadOnlySpan<byte> packet)
    {
        lock (_lock)
        {
            if (_state == Phase.Closed)
            {
                return;
            }

            Counters.PacketsReceived++;
            try
            {
                ProcessPacket(packet);
                Flush();
            }
            catch (Exception ex)
            {
                // Parsers report failure by result, so this is a bug or a throwing send callback: count it, keep going.
                Counters.InternalErrors++;
                JanusLog.Warn($"[SCTP] error while handling a packet: {ex.Message}");
            }
        }

        DrainEvents();
    }

    /// <summary>
    /// Opens a channel with DCEP (RFC 8832 §6) on the lowest free stream id of our parity. Usable at once; before the
    /// association is up, the DATA_CHANNEL_OPEN waits for it. At most one of maxRetransmits/maxLifetimeMs may be set.
    /// </summary>
    public DataChannel OpenChannel(string label, string protocol = "", bool ordered = true, int? maxRetransmits = null,
        int? maxLifetimeMs = null, ushort priority = 0)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(protocol);
        if (maxRetransmits is not null && maxLifetimeMs is not null)
        {
            throw new ArgumentException("a channel is either max-retransmits or max-lifetime, not both");
        }

        if (maxRetransmits < 0 || maxLifetimeMs < 0)
        {
            throw new ArgumentOutOfRangeException(maxRetransmits < 0 ? nameof(maxRetransmits) : nameof(maxLifetimeMs));
        }

        DataChannel channel;
        lock (_lock)
        {
            if (_state is Phase.Closed or Phase.ShutdownPending or Phase.ShutdownSent or Phase.ShutdownReceived or Phase.ShutdownAckSent)
            {
                throw new InvalidOperationException("the SCTP association is closed");
            }

            channel = OpenChannelLocked(label, protocol, ordered, maxRetransmits, maxLifetimeMs, priority);
            Flush();
        }

        DrainEvents();
        return channel;
    }

    /// <summary>Graceful SHUTDOWN (RFC 9260 §9.2) once everything queued is acknowledged.</summary>
    public void Close()
    {
        lock (_lock)
        {
            BeginShutdown();
            Flush();
        }

        DrainEvents();
    }

    /// <summary>Sends ABORT (RFC 9260 §9.1) and closes at once.</summary>
    public void Abort(string reason)
    {
        lock (_lock)
        {
            if (_state is Phase.Closed)
            {
                return;
            }

            if (_state is not Phase.Idle and not Phase.CookieWait)
            {
                SendAbort(reason);
            }

            Terminate("aborted: " + reason);
        }

        DrainEvents();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_state != Phase.Closed)
            {
                if (_state is not Phase.Idle and not Phase.CookieWait)
                {
                    SendAbort("disposed");
                }

                Terminate("disposed");
            }
        }

        _timer.Dispose();
        DrainEvents();
    }

    internal bool SendOnChannel(DataChannel channel, bool binary, ReadOnlySpan<byte> data)
    {
        bool queued;
        lock (_lock)
        {
            queued = QueueUserMessage(channel, binary, data);
            if (queued)
            {
                Flush();
            }
        }

        DrainEvents();
        return queued;
    }

    internal void CloseChannel(DataChannel channel)
    {
        lock (_lock)
        {
            RequestChannelClose(channel);
            Flush();
        }

        DrainEvents();
    }

    private long NowMs => (long)_time.GetElapsedTime(0, _time.GetTimestamp()).TotalMilliseconds;

    private void SendPacket()
    {
        ReadOnlySpan<byte> packet = _writer.Finish();
        Counters.PacketsSent++;
        _sender(packet);
    }

    private enum Phase
    {
        Idle,
        CookieWait,
        CookieEchoed,
        Established,
        ShutdownPending,
        ShutdownSent,
        ShutdownReceived,
        ShutdownAckSent,
        Closed,
    }
}
