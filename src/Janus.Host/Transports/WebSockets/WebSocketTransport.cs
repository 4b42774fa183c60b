using System.Text.Json.Nodes;
using Janus.Core.Api;
using Janus.Core.Configuration;
using Janus.Host.Admin;
using Microsoft.AspNetCore.Http;

namespace Janus.Host.Transports.WebSockets;

/// <summary>
/// The Janus API over WebSocket (subprotocol <c>janus-protocol</c>) and the Admin API (<c>janus-admin-protocol</c>),
/// as janus_websockets.c serves them. A connection without the right subprotocol is refused.
/// </summary>
internal sealed partial class WebSocketTransport
{
    public const string Package = "janus.transport.websockets";
    public const string ApiProtocol = "janus-protocol";
    public const string AdminProtocol = "janus-admin-protocol";

    private readonly JanusCore _core;
    private readonly AdminApi _admin;
    private readonly WebSocketTransportOptions _options;
    private readonly TimeProvider _time;
    private int _connections;

    private readonly CancellationToken _stopping;

    public WebSocketTransport(JanusCore core, AdminApi admin, WebSocketTransportOptions options, CancellationToken stopping,
        TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _admin = admin;
        _core = core;
        _options = options;
        _stopping = stopping;
    }

    public JsonOutput Output { get; } = new();

    public int Connections => Volatile.Read(ref _connections);

    private int _closedForBacklog;
    private int _peakBacklogMessages;
    private long _peakBacklogBytes;

    /// <summary>Connections closed because their client did not read its messages.</summary>
    public int ClosedForBacklog => Volatile.Read(ref _closedForBacklog);

    /// <summary>The largest send backlog any connection has had, in messages and in bytes (each its own maximum).</summary>
    public (int Messages, long Bytes) PeakBacklog => (Volatile.Read(ref _peakBacklogMessages), Interlocked.Read(ref _peakBacklogBytes));

    internal void CountClosedForBacklog() => Interlocked.Increment(ref _closedForBacklog);

    internal void ObserveBacklog(int messages, long bytes)
    {
        int m = Volatile.Read(ref _peakBacklogMessages);
        while (messages > m && Interlocked.CompareExchange(ref _peakBacklogMessages, messages, m) != m)
        {
            m = Volatile.Read(ref _peakBacklogMessages);
        }
        long b = Interlocked.Read(ref _peakBacklogBytes);
        while (bytes > b && Interlocked.CompareExchange(ref _peakBacklogBytes, bytes, b) != b)
        {
            b = Interlocked.Read(ref _peakBacklogBytes);
        }
    }

    public TransportDescriptor Descriptor => new(
        Package,
        "JANUS WebSockets transport plugin",
        "This transport plugin adds WebSockets support to the Janus API via ASP.NET Core.",
        JanusCore.ServerAuthor,
        1,
        "0.0.1",
        Query);

    private JsonObject Query(JsonObject? request) => TransportQuery.Handle(request, Output, (verb, response) =>
    {
        if (verb != "connections")
        {
            return false;
        }
        response["result"] = 200;
        response["connections"] = Connections;
        return true;
    });

    public async Task HandleAsync(HttpContext context, bool admin)
    {
        string protocol = admin ? AdminProtocol : ApiProtocol;
        if (!context.WebSockets.IsWebSocketRequest || !context.WebSockets.WebSocketRequestedProtocols.Contains(protocol))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        // Browsers let any page open a WebSocket anywhere, sending its Origin: the admin socket takes only the
        // origins cors.admin_allow_origin lists (tools send none), as the HTTP Admin API does.
        string? origin = context.Request.Headers.Origin;
        if (admin && !string.IsNullOrEmpty(origin) && !_options.AdminAllowOrigins.Contains(origin, StringComparer.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol).ConfigureAwait(false);
        HandshakeCompleted(context);
        Interlocked.Increment(ref _connections);
        try
        {
            string remote = $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
            var connection = new WebSocketConnection(socket, _core, admin ? _admin : null, this, _options, remote, _time);
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
            await connection.RunAsync(ended.Token).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
        }
    }
}
