using Janus.Media.Sctp;
using Janus.Media.Tests.Infrastructure;

namespace Janus.Media.Tests.Sctp.Infrastructure;

/// <summary>
/// Two associations joined by an in-memory link with a fixed one-way delay and optional, seeded packet loss,
/// driven by a manual clock so minutes of protocol time run in milliseconds.
/// </summary>
internal sealed class AssociationPair : IDisposable
{
    private readonly PriorityQueue<(bool ToServer, byte[] Data), (long At, long Order)> _inFlight = new();
    private readonly Random _random;
    private long _order;

    public AssociationPair(double lossToServer = 0, double lossToClient = 0, int seed = 1, int delayMs = 10,
        Func<SctpAssociationOptions, SctpAssociationOptions>? configure = null)
    {
        _random = new Random(seed);
        LossToServer = lossToServer;
        LossToClient = lossToClient;
        DelayMs = delayMs;
        configure ??= o => o;
        Client = new SctpAssociation(configure(new SctpAssociationOptions { IsDtlsClient = true, TimeProvider = Time }),
            p => Enqueue(true, p));
        Server = new SctpAssociation(configure(new SctpAssociationOptions { IsDtlsClient = false, TimeProvider = Time }),
            p => Enqueue(false, p));
        ClientEvents = new EventLog(Client);
        ServerEvents = new EventLog(Server);
    }

    public ManualTimeProvider Time { get; } = new();
    public SctpAssociation Client { get; }
    public SctpAssociation Server { get; }
    public EventLog ClientEvents { get; }
    public EventLog ServerEvents { get; }
    public double LossToServer { get; set; }
    public double LossToClient { get; set; }
    public int DelayMs { get; }
    public int PacketsToServer { get; private set; }
    public int PacketsToClient { get; private set; }

    /// <summary>Optional tap on every packet put on the link (before loss).</summary>
    public Action<bool, byte[]>? Tap { get; set; }

    private void Enqueue(bool toServer, ReadOnlySpan<byte> packet)
    {
        byte[] copy = packet.ToArray();
        Tap?.Invoke(toServer, copy);
        if (toServer)
        {
            PacketsToServer++;
        }
        else
        {
            PacketsToClient++;
        }

        double loss = toServer ? LossToServer : LossToClient;
        if (loss > 0 && _random.NextDouble() < loss)
        {
            return;
        }

        _inFlight.Enqueue((toServer, copy), (Time.NowMs + DelayMs, _order++));
    }

    /// <summary>Delivers packets and fires timers until <paramref name="done"/> holds or the virtual time runs out.</summary>
    public bool RunUntil(Func<bool> done, long maxVirtualMs = 120_000)
    {
        long deadline = Time.NowMs + maxVirtualMs;
        while (true)
        {
            if (done())
            {
                return true;
            }

            long? nextPacket = _inFlight.TryPeek(out _, out var when) ? when.At : null;
            long? nextTimer = Time.NextDueMs();
            long? next = nextPacket is null ? nextTimer : nextTimer is null ? nextPacket : Math.Min(nextPacket.Value, nextTimer.Value);
            if (next is null || next > deadline)
            {
                return done();
            }

            Time.AdvanceTo(next.Value);
            while (_inFlight.TryPeek(out var packet, out var at) && at.At <= Time.NowMs)
            {
                _inFlight.Dequeue();
                (packet.ToServer ? Server : Client).HandleIncoming(packet.Data);
            }
        }
    }

    /// <summary>Runs for a stretch of virtual time whatever happens.</summary>
    public void RunFor(long ms)
    {
        long end = Time.NowMs + ms;
        RunUntil(() => Time.NowMs >= end, ms + 1);
        Time.AdvanceTo(end);
    }

    public void Connect(bool bothStart = false)
    {
        Client.Start();
        if (bothStart)
        {
            Server.Start();
        }

        Assert.True(RunUntil(() => Client.State == SctpAssociationState.Established && Server.State == SctpAssociationState.Established));
    }

    public (DataChannel Local, DataChannel Remote) OpenChannel(bool fromClient, string label = "chat", string protocol = "",
        bool ordered = true, int? maxRetransmits = null, int? maxLifetimeMs = null)
    {
        SctpAssociation opener = fromClient ? Client : Server;
        EventLog remoteEvents = fromClient ? ServerEvents : ClientEvents;
        int before = remoteEvents.Opened.Count;
        DataChannel local = opener.OpenChannel(label, protocol, ordered, maxRetransmits, maxLifetimeMs);
        Assert.True(RunUntil(() => remoteEvents.Opened.Count > before && local.State == DataChannelState.Open));
        return (local, remoteEvents.Opened[^1]);
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}

/// <summary>Everything one association reported.</summary>
internal sealed class EventLog
{
    public EventLog(SctpAssociation association)
    {
        association.Established += () => EstablishedCount++;
        association.ChannelOpened += c => Opened.Add(c);
        association.ChannelClosed += c => ClosedChannels.Add(c);
        association.MessageReceived += (c, binary, data) => Messages.Add(new ReceivedMessage(c, binary, data.ToArray()));
        association.BufferedAmountLow += c => BufferedLow.Add(c);
        association.Closed += reason => ClosedReasons.Add(reason);
    }

    public int EstablishedCount { get; private set; }
    public List<DataChannel> Opened { get; } = new();
    public List<DataChannel> ClosedChannels { get; } = new();
    public List<ReceivedMessage> Messages { get; } = new();
    public List<DataChannel> BufferedLow { get; } = new();
    public List<string> ClosedReasons { get; } = new();
}

internal sealed record ReceivedMessage(DataChannel Channel, bool Binary, byte[] Data);
