using Janus.Core.Configuration;
using Janus.Core.Logging;
using Janus.Core.Plugins;
using Janus.Host.Demos;
using Janus.Media.Recording;
using Janus.Media.Sdp;
using Janus.Media.WebRtc;
using Janus.Scripting.Management;

namespace Janus.Host;

/// <summary>
/// The whole server as a user starts it: the media core, the gateway with its transports, the plugins found in
/// the plugins folder (scripts and compiled, hot-reloaded) and the demo pages.
/// </summary>
public sealed class JanusApplication : IAsyncDisposable
{
    private readonly WebRtcEngine _media;
    private readonly ScriptPluginManager _plugins;
    private readonly DemoServer? _demos;

    // Returns a burst's memory to the OS once the server is quiet again (the GC alone does not: it never runs then).
    private readonly IdleMemoryTrimmer _trimmer = IdleMemoryTrimmer.StartForProcess();

    private JanusApplication(JanusServer server, WebRtcEngine media, ScriptPluginManager plugins, DemoServer? demos)
    {
        Server = server;
        _media = media;
        _plugins = plugins;
        _demos = demos;
    }

    public JanusServer Server { get; }

    public ScriptPluginManager Plugins => _plugins;

    public static async Task<JanusApplication> StartAsync(ServerOptions options, IEnumerable<IPlugin>? extraPlugins = null,
        JanusServerSettings? settings = null, CancellationToken cancellationToken = default)
    {
        var events = new DeferredMediaEvents();
        var media = new WebRtcEngine(options.Media, events);
        ApplyRecordingPolicy(options);
        settings ??= new JanusServerSettings();
        ScriptPluginManager? plugins = null;
        settings = new JanusServerSettings
        {
            BeforeTransports = async (core, token) =>
            {
                plugins = new ScriptPluginManager(core.Plugins,
                    new ScriptPluginOptions { PluginsFolder = options.PluginsFolder }, new SdpAnswerer());
                core.PluginAdministration = plugins;
                await plugins.StartAsync(token).ConfigureAwait(false);
            },
            LongPollTimeout = settings.LongPollTimeout,
            SessionWatchdogInterval = settings.SessionWatchdogInterval,
            PluginConfigLoader = settings.PluginConfigLoader ?? (path =>
                PluginConfigLoader.Load(Path.GetDirectoryName(path) ?? options.ConfigsFolder, Path.GetFileNameWithoutExtension(path))),
        };
        JanusServer server;
        try
        {
            server = await JanusServer.StartAsync(options, extraPlugins, media, settings, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (plugins is not null)
            {
                await plugins.DisposeAsync().ConfigureAwait(false);
            }
            media.Dispose();
            throw;
        }
        events.Target = server.Core.MediaEvents;
        foreach (PluginStatus status in plugins!.Status)
        {
            JanusLog.Info($"Plugin {status.Package} ({status.Language}, {status.File}): {status.State}{(status.LastError is null ? "" : " - " + status.LastError)}");
        }

        DemoServer? demos = null;
        try
        {
            demos = await DemoServer.StartAsync(options.Demos).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            JanusLog.Warn($"Demo pages not served: {e.Message}");
        }
        return new JanusApplication(server, media, plugins!, demos);
    }

    // Janus sets its recorder's globals at start (janus_recorder_init, janus_protected_folder_add); so do we.
    private static void ApplyRecordingPolicy(ServerOptions options)
    {
        RecordingPolicy.Current = new RecordingPolicy(options.RecordingsTempExtension, options.ProtectedFolderList, options.RecordingsFolder);
        if (RecordingPolicy.Current.RecordingsFolder is { } folder)
        {
            JanusLog.Info($"Recordings may be written only in {folder} (general.recordings_folder)");
        }
        if (RecordingPolicy.Current.TemporaryExtension is { } extension)
        {
            JanusLog.Info($"Recordings are written with the temporary extension .{extension} until they are closed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _trimmer.Dispose();
        if (_demos is not null)
        {
            await _demos.DisposeAsync().ConfigureAwait(false);
        }
        await _plugins.DisposeAsync().ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
        _media.Dispose();
    }
}
