using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Janus.Core.Api;
using Janus.Core.Configuration;
using Janus.Core.Logging;
using Janus.Host.Admin;
using Microsoft.AspNetCore.Http;

namespace Janus.Host.Transports.Http;

/// <summary>
/// The Janus API and Admin API over HTTP (janus_http.c): POST a request to <c>/janus[/SESSION[/HANDLE]]</c>,
/// long-poll events with <c>GET /janus/SESSION[?maxev=N]</c>, <c>GET /janus/info</c> and <c>/janus/ping</c>.
/// </summary>
internal sealed class HttpTransport
{
    public const string Package = "janus.transport.http";

    private readonly JanusCore _core;
    private readonly AdminApi _admin;
    private readonly HttpTransportOptions _options;
    private readonly TimeSpan _longPollTimeout;
    private int _apiConnections;
    private int _adminConnections;
    private int _requestsInFlight;

    private readonly CancellationToken _stopping;

    public HttpTransport(JanusCore core, AdminApi admin, HttpTransportOptions options, TimeSpan longPollTimeout, CancellationToken stopping)
    {
        _admin = admin;
        _stopping = stopping;
        _core = core;
        _options = options;
        _longPollTimeout = longPollTimeout;
        Events = new HttpEventRouter(options.MaxQueuedEventsPerSession);
    }

    public HttpEventRouter Events { get; }

    public JsonOutput Output { get; } = new();

    public void ConnectionOpened(bool admin) => Interlocked.Increment(ref admin ? ref _adminConnections : ref _apiConnections);

    public void ConnectionClosed(bool admin) => Interlocked.Decrement(ref admin ? ref _adminConnections : ref _apiConnections);

    public TransportDescriptor Descriptor => new(
        Package,
        "JANUS REST (HTTP/HTTPS) transport plugin",
        "This transport plugin adds REST (HTTP/HTTPS) support to the Janus API via ASP.NET Core Kestrel.",
        JanusCore.ServerAuthor,
        2,
        "0.0.2",
        Query);

    private JsonObject Query(JsonObject? request) => TransportQuery.Handle(request, Output, (verb, response) =>
    {
        if (verb != "connections")
        {
            return false;
        }
        response["result"] = 200;
        var connections = new JsonObject();
        if (_options.Enabled)
        {
            connections["http"] = Volatile.Read(ref _apiConnections);
        }
        if (_options.AdminEnabled)
        {
            connections["admin_http"] = Volatile.Read(ref _adminConnections);
        }
        response["connections"] = connections;
        response["messages"] = Volatile.Read(ref _requestsInFlight);
        return true;
    });

    public async Task HandleAsync(HttpContext context, bool admin)
    {
        Interlocked.Increment(ref _requestsInFlight);
        try
        {
            await HandleCoreAsync(context, admin).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _requestsInFlight);
        }
    }

    private async Task HandleCoreAsync(HttpContext context, bool admin)
    {
        HttpRequest request = context.Request;
        HttpResponse response = context.Response;
        string method = request.Method;
        bool isGet = HttpMethods.IsGet(method), isPost = HttpMethods.IsPost(method), isOptions = HttpMethods.IsOptions(method);
        if (admin)
        {
            if (!HttpCors.TryAddAdminHeaders(context, _options.AdminAllowOrigins))
            {
                JanusLog.Verbose($"Admin API request from origin {request.Headers.Origin} refused (not in cors.admin_allow_origin)");
                response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
        }
        else
        {
            HttpCors.AddHeaders(context, _options.AllowOrigin);
        }
        if (!isGet && !isPost && !isOptions)
        {
            await WriteAsync(context, JanusCore.ErrorReply(0, null, JanusErrorCode.TransportSpecific, $"Unsupported method {method}")).ConfigureAwait(false);
            return;
        }
        if (!admin && HttpCors.IsOriginRefused(context, _options.AllowOrigin, _options.EnforceCors))
        {
            response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        if (isOptions)
        {
            response.StatusCode = StatusCodes.Status200OK;
            return;
        }
        string basePath = admin ? _options.AdminBasePath : _options.BasePath;
        if (!HttpPath.TryParse(request.Path.Value ?? "/", basePath, out HttpPath path))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        byte[]? payload = null;
        int payloadLength = 0;
        if (isPost)
        {
            (payload, payloadLength, bool tooLarge) = await ReadBodyAsync(request, _options.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
            if (tooLarge)
            {
                response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await WriteAsync(context, JanusCore.ErrorReply(0, null, JanusErrorCode.TransportSpecific,
                    $"Request payload too large (more than {_options.MaxBodyBytes} bytes)"), setStatus: false).ConfigureAwait(false);
                return;
            }
        }
        try
        {
            await DispatchAsync(context, admin, isGet, path, payload, payloadLength, basePath).ConfigureAwait(false);
        }
        finally
        {
            if (payload is not null)
            {
                ArrayPool<byte>.Shared.Return(payload);
            }
        }
    }

    private async Task DispatchAsync(HttpContext context, bool admin, bool isGet, HttpPath path, byte[]? payload, int payloadLength, string basePath)
    {
        HttpResponse response = context.Response;
        if (path.Session is "info" or "ping")
        {
            if (!isGet)
            {
                if (admin && path.Session == "info")
                {
                    await WriteAsync(context, JanusCore.ErrorReply(0, null, JanusErrorCode.TransportSpecific, "Use GET for the info endpoint")).ConfigureAwait(false);
                }
                else
                {
                    response.StatusCode = StatusCodes.Status400BadRequest;
                }
                return;
            }
            var fake = new JsonObject { ["janus"] = path.Session, ["transaction"] = RandomTransaction() };
            await ProcessAsync(context, admin, fake).ConfigureAwait(false);
            return;
        }
        if (!admin && (isGet || payloadLength == 0))
        {
            await LongPollAsync(context, path, basePath).ConfigureAwait(false);
            return;
        }
        if (payloadLength == 0)
        {
            await WriteAsync(context, JanusCore.ErrorReply(0, null, JanusErrorCode.InvalidJson, "Request payload missing")).ConfigureAwait(false);
            return;
        }
        JsonNode? root;
        try
        {
            ReadOnlySpan<byte> json = payload.AsSpan(0, payloadLength);
            // Bad UTF-8 or a duplicate key is a 454 here, not an exception when the request is read.
            JsonInputCheck.Validate(json, default);
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            await WriteAsync(context, JanusCore.ErrorReply(0, null, JanusErrorCode.InvalidJson,
                $"JSON error: on line {(ex.LineNumber ?? 0) + 1}: {FirstSentence(ex.Message)}")).ConfigureAwait(false);
            return;
        }
        if (root is not JsonObject obj)
        {
            await WriteAsync(context, JanusCore.ErrorReply(0, null, JanusErrorCode.InvalidJsonObject, "JSON error: not an object")).ConfigureAwait(false);
            return;
        }
        if (!ApplyPathIds(obj, path, out string? conflict))
        {
            await WriteAsync(context, JanusCore.ErrorReply(0, null, JanusErrorCode.InvalidRequestPath, conflict)).ConfigureAwait(false);
            return;
        }
        await ProcessAsync(context, admin, obj).ConfigureAwait(false);
    }

    /// <summary>Ids may come in the path, the body, or both if they agree.</summary>
    private static bool ApplyPathIds(JsonObject root, HttpPath path, out string? conflict)
    {
        conflict = null;
        JanusJsonIds.TryGet(root, "session_id", out long sessionId);
        long pathSession = HttpPath.LeadingNumber(path.Session);
        if (sessionId != 0 && path.Session is not null && pathSession != sessionId)
        {
            conflict = "Conflicting session ID (payload and path)";
            return false;
        }
        if (sessionId == 0 && pathSession > 0)
        {
            root["session_id"] = pathSession;
        }
        JanusJsonIds.TryGet(root, "handle_id", out long handleId);
        long pathHandle = HttpPath.LeadingNumber(path.Handle);
        if (handleId != 0 && path.Handle is not null && pathHandle != handleId)
        {
            conflict = "Conflicting handle ID (payload and path)";
            return false;
        }
        if (handleId == 0 && pathHandle > 0)
        {
            root["handle_id"] = pathHandle;
        }
        return true;
    }

    private async Task ProcessAsync(HttpContext context, bool admin, JsonObject root)
    {
        if (admin)
        {
            JsonObject reply = await _admin.HandleAdminRequestAsync(root).ConfigureAwait(false);
            await WriteAsync(context, reply).ConfigureAwait(false);
            return;
        }
        ApiReply apiReply = await _core.HandleRequestAsync(Events, root).ConfigureAwait(false);
        try
        {
            // Flushed before the follow-up runs: the follow-up is what lets the events of this transaction reach a
            // long poll, so a client never polls an event whose request's answer has not been written yet.
            await WriteAsync(context, apiReply.Message).ConfigureAwait(false);
        }
        finally
        {
            // Also when the write failed (client gone): held events must not wait for ever.
            _ = RunAfterSentAsync(apiReply);
        }
    }

    private static async Task RunAfterSentAsync(ApiReply reply)
    {
        try
        {
            await reply.RunAfterSentAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Janus.Core.Logging.JanusLog.Error($"HTTP: follow-up of a request failed: {ex.Message}");
        }
    }

    /// <summary>GET on a session: it counts as a keepalive, then waits for events (janus_http.c's long poll).</summary>
    private async Task LongPollAsync(HttpContext context, HttpPath path, string basePath)
    {
        HttpResponse response = context.Response;
        long sessionId = HttpPath.LeadingNumber(path.Session);
        if (sessionId < 1)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        IQueryCollection query = context.Request.Query;
        string? secret = query["apisecret"];
        string? token = query["token"];
        if (!_core.IsAuthorized(secret, token, sessionId))
        {
            response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        _core.KeepAlive(sessionId);
        // Janus redirects before looking the session up, and echoes the path as given; we look first (no redirect to
        // a session that does not exist) and redirect to the number only, so the path's text (a CR LF, say) never
        // reaches a header.
        if (!Events.TryGetQueue(sessionId, out HttpSessionQueue queue))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (path.Handle is not null)
        {
            response.StatusCode = StatusCodes.Status302Found;
            response.Headers.Location = $"{basePath.TrimEnd('/')}/{sessionId}";
            return;
        }
        int maxEvents = 1;
        string? maxev = query["maxev"];
        if (maxev is not null)
        {
            maxEvents = Math.Max(1, (int)Math.Min(int.MaxValue, AtoI(maxev)));
        }
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        List<JsonObject> events = await queue.TakeAsync(maxEvents, _longPollTimeout, ended.Token).ConfigureAwait(false);
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        if (events.Count == 0)
        {
            events.Add(new JsonObject { ["janus"] = "keepalive" });
        }
        if (maxEvents == 1)
        {
            await WriteAsync(context, events[0]).ConfigureAwait(false);
            return;
        }
        var list = new JsonArray();
        foreach (JsonObject evt in events)
        {
            list.Add(evt);
        }
        await WriteAsync(context, list).ConfigureAwait(false);
    }

    private async Task WriteAsync(HttpContext context, JsonNode message, bool setStatus = true)
    {
        HttpResponse response = context.Response;
        if (setStatus)
        {
            response.StatusCode = StatusCodes.Status200OK;
        }
        response.ContentType = "application/json";
        Output.Write(response.BodyWriter, message);
        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<(byte[]? Buffer, int Length, bool TooLarge)> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken aborted)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, 0, true);
        }
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(request.ContentLength ?? 4096, 256), maxBytes + 1L));
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length > maxBytes)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return (null, 0, true);
                    }
                    byte[] bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, maxBytes + 1L));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                int read = await request.Body.ReadAsync(buffer.AsMemory(length), aborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                length += read;
                if (length > maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0, true);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        return (buffer, length, false);
    }

    private static long AtoI(string text)
    {
        ReadOnlySpan<char> s = text.AsSpan().TrimStart();
        int end = 0;
        if (end < s.Length && (s[end] == '-' || s[end] == '+'))
        {
            end++;
        }
        while (end < s.Length && char.IsAsciiDigit(s[end]))
        {
            end++;
        }
        return long.TryParse(s[..end], out long value) ? value : 0;
    }

    private static string RandomTransaction()
    {
        const string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(12, 0, static (span, _) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = chars[Random.Shared.Next(chars.Length)];
            }
        });
    }

    internal static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
