using Microsoft.AspNetCore.Http;

namespace Janus.Host.Transports.Http;

/// <summary>The CORS headers janus_http.c puts on every response (janus_http_add_cors_headers).</summary>
internal static class HttpCors
{
    public static void AddHeaders(HttpContext context, string? allowOrigin)
    {
        IHeaderDictionary headers = context.Response.Headers;
        headers["Access-Control-Allow-Origin"] = allowOrigin ?? "*";
        if (allowOrigin is not null)
        {
            // A specific origin needs these two as well (Fetch standard, CORS protocol).
            headers["Access-Control-Allow-Credentials"] = "true";
            headers["Vary"] = "Origin";
        }
        AddPreflightHeaders(context);
    }

    /// <summary>
    /// The Admin API's rule, stricter than Janus's: a request without an Origin header (curl, janode, the bench) is
    /// served without CORS headers; a request whose Origin is listed in cors.admin_allow_origin gets that origin
    /// back; any other Origin is refused (false), preflight or not. Browsers send Origin on every cross-origin
    /// request and on every POST, so a page the operator happens to open cannot reach the Admin API, not even with
    /// a "simple" text/plain POST that needs no preflight (the reply would be opaque, but the request would be done).
    /// </summary>
    public static bool TryAddAdminHeaders(HttpContext context, IReadOnlyList<string> allowedOrigins)
    {
        string? origin = context.Request.Headers.Origin;
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }
        foreach (string allowed in allowedOrigins)
        {
            if (string.Equals(origin, allowed, StringComparison.Ordinal))
            {
                IHeaderDictionary headers = context.Response.Headers;
                headers["Access-Control-Allow-Origin"] = origin;
                headers["Vary"] = "Origin";
                AddPreflightHeaders(context);
                return true;
            }
        }
        return false;
    }

    private static void AddPreflightHeaders(HttpContext context)
    {
        IHeaderDictionary headers = context.Response.Headers;
        headers["Access-Control-Max-Age"] = "86400";
        string? requestMethod = context.Request.Headers["Access-Control-Request-Method"];
        if (!string.IsNullOrEmpty(requestMethod))
        {
            headers["Access-Control-Allow-Methods"] = requestMethod;
        }
        string? requestHeaders = context.Request.Headers["Access-Control-Request-Headers"];
        if (!string.IsNullOrEmpty(requestHeaders))
        {
            headers["Access-Control-Allow-Headers"] = requestHeaders;
        }
    }

    /// <summary>enforce_cors: a request whose Origin does not start with the allowed origin is refused.</summary>
    public static bool IsOriginRefused(HttpContext context, string? allowOrigin, bool enforce)
    {
        if (!enforce || allowOrigin is null)
        {
            return false;
        }
        string? origin = context.Request.Headers.Origin;
        return origin is null || !origin.StartsWith(allowOrigin, StringComparison.Ordinal);
    }
}
