using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Janus.Core.Api;
using Janus.Core.Configuration;
using Janus.Core.Logging;
using Janus.Host.Admin;

namespace Janus.Host.Transports.WebSockets;

/// <summary>
/// One WebSocket client (janus_websockets.c): every complete message is parsed as one or a few JSON requests
/// and handed to the core; replies and the events of the client's sessions go out through one queue, in order,
/// written by a single loop. Requests are not serialised: a slow plugin call does not hold up the next request.
/// </summary>
/// <remarks>
/// The send queue is bounded (<see cref="WebSocketTransportOptions.MaxSendBacklogMessages"/> and
/// <see cref="WebSocketTransportOptions.MaxSendBacklogBytes"/>): messages are serialised when queued, so the backlog
/// is counted in bytes. At half of a limit the connection's reads pause until the backlog drains; a backlog that
/// stays there for <see cref="WebSocketTransportOptions.SendBacklogStallTimeout"/>, or goes past a limit (events keep
/// coming while reads are paused), closes the connection with a warning. Memory per connection is thus bounded
/// whatever the client does.
/// </remarks>
internal sealed class WebSocketConnection : ITransportConnection
{
    private readonly WebSocket _socket;
    private readonly JanusCore _core;
    private readonly WebSocketTransport _transport;
    private readonly AdminApi? _admin;
    private readonly WebSocketTransportOptions _options;
    private readonly string _remote;
    private readonly TimeProvider _time;
    private readonly Channel<byte[]> _outbound = Channel.CreateUnbounded<byte[]>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    // The backlog: messages queued and not yet handed to the socket, guarded by _backlogLock.
    private readonly object _backlogLock = new();
    private int _backlogMessages;
    private long _backlogBytes;
    private bool _closedForBacklog;
    private TaskCompletionSource? _drained;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    /// <param name="admin">The Admin API, for a connection on the admin endpoint; null on the Janus API endpoint.</param>
    public WebSocketConnection(WebSocket socket, JanusCore core, AdminApi? admin, WebSocketTransport transport,
        WebSocketTransportOptions options, string remote, TimeProvider? time = null)
    {
        _socket = socket;
        _core = core;
        _transport = transport;
        _admin = admin;
        _options = options;
        _remote = remote;
        _time = time ?? TimeProvider.System;
    }

    public string TransportPackage => WebSocketTransport.Package;

    public void SendEvent(JsonObject message) => Enqueue(message);

    public void SessionCreated(long sessionId)
    {
    }

    public void SessionOver(long sessionId, bool timedOut, bool claimed)
    {
    }

    public void SessionClaimed(long sessionId)
    {
    }

    public async Task RunAsync(CancellationToken aborted)
    {
        Task sender = SendLoopAsync();
        try
        {
            await ReceiveLoopAsync(aborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
            {
                JanusLog.Verbose($"WebSocket connection ended: {ex.Message}");
            }
        }
        finally
        {
            if (_admin is null)
            {
                _core.TransportGone(this);
            }
            _outbound.Writer.TryComplete();
            await sender.ConfigureAwait(false);
        }
    }

    /// <remarks>
    /// Each message must be complete within <see cref="WebSocketTransportOptions.IdleTimeout"/> of the moment we start
    /// reading it: a silent client and one that stalls inside a frame (a header announcing 2^62 bytes, then one byte)
    /// are closed alike. The clock stops while reads are held back for the send backlog, which has its own limit.
    /// </remarks>
    private async Task ReceiveLoopAsync(CancellationToken aborted)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(4096);
        int length = 0;
        TimeSpan idleTimeout = _options.IdleTimeout > TimeSpan.Zero ? _options.IdleTimeout : Timeout.InfiniteTimeSpan;
        // The idle clock runs on our TimeProvider so tests can drive it; a receive also ends when 'aborted' does.
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var receiving = CancellationTokenSource.CreateLinkedTokenSource(aborted, idle.Token);
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                if (length == 0)
                {
                    idle.CancelAfter(Timeout.InfiniteTimeSpan);
                    if (!await WaitForBacklogToDrainAsync(aborted).ConfigureAwait(false))
                    {
                        return;
                    }
                    idle.CancelAfter(idleTimeout);
                }
                if (length == buffer.Length)
                {
                    byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _options.MaxMessageBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                ValueWebSocketReceiveResult result;
                try
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), receiving.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException
                    && idle.IsCancellationRequested)
                {
                    // The receive was cancelled by the idle clock; the socket aborts with it (which may also end the
                    // request, so 'aborted' can be set by now), and depending on where the read stood that surfaces as
                    // a cancellation or as an aborted socket.
                    _transport.CountClosedIdle();
                    if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
                    {
                        JanusLog.Verbose($"WebSocket client {_remote} sent no complete message for " +
                            $"{idleTimeout.TotalSeconds:0.###} s; closing the connection");
                    }
                    _socket.Abort();
                    return;
                }
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, "").ConfigureAwait(false);
                    return;
                }
                length += result.Count;
                if (length > _options.MaxMessageBytes)
                {
                    JanusLog.Warn($"WebSocket message over {_options.MaxMessageBytes} bytes: closing the connection");
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, "Message too big").ConfigureAwait(false);
                    return;
                }
                if (result.EndOfMessage)
                {
                    ProcessMessage(buffer.AsSpan(0, length));
                    length = 0;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A frame may carry a few JSON requests back to back; each is handled in order. More than
    /// <see cref="WebSocketTransportOptions.MaxRequestsPerMessage"/> and none is: the client gets one 454.
    /// </summary>
    private void ProcessMessage(ReadOnlySpan<byte> message)
    {
        var readerOptions = new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 64 };
        var reader = new Utf8JsonReader(message, readerOptions);
        var requests = new List<JsonNode?>(1);
        try
        {
            // Text and binary frames alike: bad UTF-8 or a duplicate key is a 454 here, not an exception later.
            JsonInputCheck.Validate(message, readerOptions);
            while (true)
            {
                JsonNode? node = JsonNode.Parse(ref reader);
                requests.Add(node);
                if (requests.Count > _options.MaxRequestsPerMessage)
                {
                    Enqueue(JanusCore.ErrorReply(0, null, JanusErrorCode.InvalidJson,
                        $"Too many requests in one message (at most {_options.MaxRequestsPerMessage})"));
                    return;
                }
                // Read() moves onto the first token of the next value, where Parse then starts.
                if (!reader.Read())
                {
                    break;
                }
            }
        }
        catch (JsonException ex)
        {
            // As Janus: requests before the broken one are dropped too, and the client gets one error.
            Enqueue(JanusCore.InvalidJsonReply(ex));
            return;
        }
        foreach (JsonNode? request in requests)
        {
            Dispatch(request);
        }
    }

    private void Dispatch(JsonNode? request)
    {
        if (_admin is not null)
        {
            ValueTask<JsonObject> pending = _admin.HandleAdminRequestAsync(request);
            if (pending.IsCompletedSuccessfully)
            {
                Enqueue(pending.Result);
            }
            else
            {
                _ = CompleteAdminAsync(pending);
            }
            return;
        }
        ValueTask<ApiReply> reply = _core.HandleRequestAsync(this, request);
        if (reply.IsCompletedSuccessfully)
        {
            Deliver(reply.Result);
        }
        else
        {
            _ = CompleteAsync(reply);
        }
    }

    private async Task CompleteAsync(ValueTask<ApiReply> pending)
    {
        try
        {
            Deliver(await pending.ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            JanusLog.Error($"WebSocket request failed: {ex}");
        }
    }

    private async Task CompleteAdminAsync(ValueTask<JsonObject> pending)
    {
        try
        {
            Enqueue(await pending.ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            JanusLog.Error($"WebSocket admin request failed: {ex}");
        }
    }

    private void Deliver(ApiReply reply)
    {
        Enqueue(reply.Message);
        if (reply.AfterSent is not null)
        {
            _ = FollowUpAsync(reply);
        }
    }

    private static async Task FollowUpAsync(ApiReply reply)
    {
        try
        {
            await reply.RunAfterSentAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            JanusLog.Error($"WebSocket: follow-up of a request failed: {ex.Message}");
        }
    }

    /// <summary>Serialises <paramref name="message"/> and queues it, or closes the connection if that would overflow its backlog.</summary>
    private void Enqueue(JsonNode message)
    {
        ArrayBufferWriter<byte> scratch = t_scratch ??= new ArrayBufferWriter<byte>(1024);
        scratch.ResetWrittenCount();
        _transport.Output.Write(scratch, message);
        byte[] bytes = scratch.WrittenSpan.ToArray();
        if (scratch.Capacity > 64 * 1024)
        {
            // One large event (an SDP with many candidates) must not pin a big scratch buffer on every thread.
            t_scratch = null;
        }
        bool overflow;
        int messages;
        long backlogBytes;
        lock (_backlogLock)
        {
            if (_closedForBacklog)
            {
                return;
            }
            messages = _backlogMessages + 1;
            backlogBytes = _backlogBytes + bytes.Length;
            overflow = messages > _options.MaxSendBacklogMessages || backlogBytes > _options.MaxSendBacklogBytes;
            if (overflow)
            {
                _closedForBacklog = true;
            }
            else if (_outbound.Writer.TryWrite(bytes))
            {
                _backlogMessages = messages;
                _backlogBytes = backlogBytes;
                _transport.ObserveBacklog(messages, backlogBytes);
            }
        }
        if (overflow)
        {
            CloseForBacklog($"{messages} messages / {backlogBytes} bytes would be waiting to be sent " +
                $"(limits {_options.MaxSendBacklogMessages} / {_options.MaxSendBacklogBytes})");
        }
    }

    private bool IsBacklogHigh
        => _backlogMessages * 2 >= _options.MaxSendBacklogMessages || _backlogBytes * 2 >= _options.MaxSendBacklogBytes;

    /// <summary>
    /// Before reading the next request: while the backlog is at half of a limit or more, waits for the client to read.
    /// False if the connection was closed (or is closed now, after waiting longer than the stall timeout).
    /// </summary>
    private async ValueTask<bool> WaitForBacklogToDrainAsync(CancellationToken aborted)
    {
        Task drained;
        lock (_backlogLock)
        {
            if (_closedForBacklog)
            {
                return false;
            }
            if (!IsBacklogHigh)
            {
                return true;
            }
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
        }
        try
        {
            await drained.WaitAsync(_options.SendBacklogStallTimeout, _time, aborted).ConfigureAwait(false);
            return !Volatile.Read(ref _closedForBacklog);
        }
        catch (TimeoutException)
        {
            bool first;
            lock (_backlogLock)
            {
                first = !_closedForBacklog;
                _closedForBacklog = true;
            }
            if (first)
            {
                CloseForBacklog($"{_backlogMessages} messages / {_backlogBytes} bytes not read for " +
                    $"{_options.SendBacklogStallTimeout.TotalSeconds:0.###} s");
            }
            return false;
        }
    }

    /// <summary>
    /// The client does not read: the socket is aborted, not closed with a handshake (a close frame would queue behind
    /// the data it does not read). Queued messages are dropped by the send loop.
    /// </summary>
    private void CloseForBacklog(string why)
    {
        JanusLog.Warn($"WebSocket client {_remote} is not reading its messages: {why}; closing the connection");
        _transport.CountClosedForBacklog();
        _outbound.Writer.TryComplete();
        lock (_backlogLock)
        {
            _drained?.TrySetResult();
            _drained = null;
        }
        _socket.Abort();
    }

    private async Task SendLoopAsync()
    {
        try
        {
            while (await _outbound.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_outbound.Reader.TryRead(out byte[]? message))
                {
                    if (_socket.State == WebSocketState.Open && !Volatile.Read(ref _closedForBacklog))
                    {
                        await _socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
                    }
                    Sent(message.Length);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
            {
                JanusLog.Verbose($"WebSocket send stopped: {ex.Message}");
            }
            _outbound.Writer.TryComplete();
            while (_outbound.Reader.TryRead(out byte[]? _))
            {
            }
        }
    }

    private void Sent(int bytes)
    {
        lock (_backlogLock)
        {
            _backlogMessages--;
            _backlogBytes -= bytes;
            if (_drained is not null && !IsBacklogHigh)
            {
                _drained.TrySetResult();
                _drained = null;
            }
        }
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(status, description, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
        }
    }
}
