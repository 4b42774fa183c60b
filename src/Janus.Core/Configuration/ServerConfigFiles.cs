using Janus.Core.Configuration.Binding;
using Janus.Core.Configuration.Jcfg;

namespace Janus.Core.Configuration;

/// <summary>
/// Applies Janus's own configuration files to <see cref="ServerOptions"/>. Settings this server does not
/// implement are added to <see cref="ServerOptions.Warnings"/>; only a syntax error
/// (<see cref="JcfgParseException"/>) stops the load. Call from one thread while building the options.
/// </summary>
public static class ServerConfigFiles
{
    public const string JanusFileName = "janus.jcfg";
    public const string HttpTransportFileName = "janus.transport.http.jcfg";
    public const string WebSocketTransportFileName = "janus.transport.websockets.jcfg";

    /// <summary>janus.jcfg: general, certificates, media, nat, plugins, transports, loggers, events, demos.</summary>
    public static void ApplyJanus(JcfgDocument document, ServerOptions options) =>
        JanusConfigBinding.File.Bind(document, options);

    public static void ApplyHttpTransport(JcfgDocument document, ServerOptions options) =>
        HttpTransportConfigBinding.File.Bind(document, options);

    public static void ApplyWebSocketTransport(JcfgDocument document, ServerOptions options) =>
        WebSocketTransportConfigBinding.File.Bind(document, options);

    /// <summary>Reads the two transport files from <paramref name="configsFolder"/>; a missing file keeps the defaults.</summary>
    public static void ApplyTransports(string configsFolder, ServerOptions options)
    {
        string http = Path.Combine(configsFolder, HttpTransportFileName);
        if (File.Exists(http))
        {
            ApplyHttpTransport(JcfgDocument.Load(http), options);
        }

        string webSockets = Path.Combine(configsFolder, WebSocketTransportFileName);
        if (File.Exists(webSockets))
        {
            ApplyWebSocketTransport(JcfgDocument.Load(webSockets), options);
        }
    }
}
