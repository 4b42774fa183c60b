using System.Net;
using System.Text.Json.Nodes;
using Janus.Core.Api;
using Janus.Core.Configuration;
using Janus.Core.Logging;
using Janus.Core.Media;
using Janus.Core.Plugins;
using Janus.Host.Admin;
using Janus.Host.Transports.Http;
using Janus.Host.Transports.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Janus.Host;

/// <summary>Tuning that is not a Janus option, mostly so tests run fast.</summary>
public sealed class JanusServerSettings
{
    /// <summary>How long an HTTP long poll waits before answering <c>keepalive</c> (Janus: 30 s).</summary>
    public TimeSpan LongPollTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often idle sessions are looked for (Janus: 2 s).</summary>
    public TimeSpan SessionWatchdogInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The core's clock (session activity and timeouts); the system's when null. Tests drive a fake one.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Reads a plugin's <c>.jcfg</c> (by path) as JSON; null until the configuration parser is wired in.</summary>
    public Func<string, JsonObject?>? PluginConfigLoader { get; init; }

    /// <summary>Runs once the core exists and before any transport opens, as Janus loads its plugins first.</summary>
    public Func<JanusCore, CancellationToken, Task>? BeforeTransports { get; init; }
}

/// <summary>
/// The server: the core, its plugins, and the HTTP and WebSocket transports for the Janus API and the Admin API,
/// all served by one Kestrel instance with one endpoint per role. Start it, and dispose it to stop.
/// </summary>
public sealed class JanusServer : IAsyncDisposable
{
    private const string RoleKey = "janus.endpoint.role";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private int _stopped;

    private JanusServer(JanusCore core, WebApplication app, CancellationTokenSource stopping, IReadOnlyDictionary<EndpointRole, int> ports,
        HttpTransport http, WebSocketTransport webSockets)
    {
        _stopping = stopping;
        Http = http;
        WebSockets = webSockets;
        Core = core;
        _app = app;
        HttpPort = ports.GetValueOrDefault(EndpointRole.Http);
        AdminHttpPort = ports.GetValueOrDefault(EndpointRole.AdminHttp);
        WebSocketPort = ports.GetValueOrDefault(EndpointRole.WebSocket);
        AdminWebSocketPort = ports.GetValueOrDefault(EndpointRole.AdminWebSocket);
    }

    public JanusCore Core { get; }

    internal HttpTransport Http { get; }

    internal WebSocketTransport WebSockets { get; }

    /// <summary>The ports actually bound (0 when that endpoint is disabled).</summary>
    public int HttpPort { get; }
    public int AdminHttpPort { get; }
    public int WebSocketPort { get; }
    public int AdminWebSocketPort { get; }

    private enum EndpointRole
    {
        Http,
        AdminHttp,
        WebSocket,
        AdminWebSocket,
    }

    /// <summary>
    /// Starts a server. <paramref name="plugins"/> are initialised and made attachable before the transports open;
    /// <paramref name="media"/> is the WebRTC media core, or null to run signalling only (JSEP is then refused).
    /// </summary>
    public static async Task<JanusServer> StartAsync(ServerOptions options, IEnumerable<IPlugin>? plugins = null,
        IMediaEngine? media = null, JanusServerSettings? settings = null, CancellationToken cancellationToken = default)
    {
        settings ??= new JanusServerSettings();
        foreach (string warning in options.Warnings)
        {
            JanusLog.Warn(warning);
        }
        // Before anything starts: an exposed Admin API is a configuration error, not something to run with.
        foreach (string warning in AdminExposure.Check(options))
        {
            JanusLog.Warn(warning);
        }
        var core = new JanusCore(options, media, settings.PluginConfigLoader, settings.Time) { WatchdogInterval = settings.SessionWatchdogInterval };
        foreach (IPlugin plugin in plugins ?? [])
        {
            await core.Plugins.AddAsync(plugin, cancellationToken).ConfigureAwait(false);
        }

        if (settings.BeforeTransports is not null)
        {
            await settings.BeforeTransports(core, cancellationToken).ConfigureAwait(false);
        }

        var stopping = new CancellationTokenSource();
        var admin = new AdminApi(core);
        var http = new HttpTransport(core, admin, options.Http, settings.LongPollTimeout, stopping.Token);
        var webSockets = new WebSocketTransport(core, admin, options.WebSockets, stopping.Token, settings.Time);
        if (options.Http.Enabled || options.Http.AdminEnabled)
        {
            core.RegisterTransport(http.Descriptor);
        }
        if (options.WebSockets.Enabled || options.WebSockets.AdminEnabled)
        {
            core.RegisterTransport(webSockets.Descriptor);
        }

        var endpoints = new List<(EndpointRole Role, IPAddress Address, int Port)>();
        if (options.Http.Enabled)
        {
            endpoints.Add((EndpointRole.Http, ParseAddress(options.Http.Ip ?? options.Http.Interface), options.Http.Port));
        }
        if (options.Http.AdminEnabled)
        {
            endpoints.Add((EndpointRole.AdminHttp, ParseAddress(options.Http.AdminIp ?? options.Http.Ip), options.Http.AdminPort));
        }
        if (options.WebSockets.Enabled)
        {
            endpoints.Add((EndpointRole.WebSocket, ParseAddress(options.WebSockets.Ip), options.WebSockets.Port));
        }
        if (options.WebSockets.AdminEnabled)
        {
            endpoints.Add((EndpointRole.AdminWebSocket, ParseAddress(options.WebSockets.AdminIp ?? options.WebSockets.Ip), options.WebSockets.AdminPort));
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            foreach ((EndpointRole role, IPAddress address, int port) in endpoints)
            {
                kestrel.Listen(address, port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    listen.Use(next => async connection =>
                    {
                        connection.Items[RoleKey] = role;
                        if (role is EndpointRole.WebSocket or EndpointRole.AdminWebSocket)
                        {
                            // Per-address cap and handshake deadline, before Kestrel reads a byte of the upgrade.
                            await webSockets.ServeConnectionAsync(connection, () => next(connection)).ConfigureAwait(false);
                            return;
                        }
                        http.ConnectionOpened(role == EndpointRole.AdminHttp);
                        try
                        {
                            await next(connection).ConfigureAwait(false);
                        }
                        finally
                        {
                            http.ConnectionClosed(role == EndpointRole.AdminHttp);
                        }
                    });
                });
            }
        });
        WebApplication app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Run(context =>
        {
            var role = (EndpointRole)context.Features.Get<IConnectionItemsFeature>()!.Items[RoleKey]!;
            return role switch
            {
                EndpointRole.Http => http.HandleAsync(context, admin: false),
                EndpointRole.AdminHttp => http.HandleAsync(context, admin: true),
                EndpointRole.WebSocket => webSockets.HandleAsync(context, admin: false),
                _ => webSockets.HandleAsync(context, admin: true),
            };
        });
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await core.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var ports = new Dictionary<EndpointRole, int>();
        // Kestrel reports bound addresses in the order the endpoints were configured.
        string[] addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();
        for (int i = 0; i < endpoints.Count && i < addresses.Length; i++)
        {
            ports[endpoints[i].Role] = endpoints[i].Port != 0 ? endpoints[i].Port : new Uri(addresses[i]).Port;
        }
        core.Start();
        foreach ((EndpointRole role, int port) in ports)
        {
            JanusLog.Info($"{role} listening on port {port}");
        }
        return new JanusServer(core, app, stopping, ports, http, webSockets);
    }

    internal static IPAddress ParseAddress(string? ip)
        => ip is not null && IPAddress.TryParse(ip, out IPAddress? address) ? address : IPAddress.Any;

    /// <summary>Closes WebSocket connections and long polls, stops listening, then destroys sessions and plugins.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        _stopping.Cancel();
        await _app.StopAsync().ConfigureAwait(false);
        await Core.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
