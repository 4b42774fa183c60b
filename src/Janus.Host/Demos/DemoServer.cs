using Janus.Core.Configuration;
using Janus.Core.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Janus.Host.Demos;

/// <summary>
/// Serves the demo pages (Janus ships them in html/demos and leaves serving to a web server; we serve them
/// ourselves so one command starts everything). janus.js and webrtc-adapter come from the npm packages
/// installed in the demo folder, never from a CDN.
/// </summary>
public sealed class DemoServer : IAsyncDisposable
{
    private static readonly (string Path, string File)[] Libraries =
    [
        ("/janus.js", "node_modules/janus-gateway/npm/src/janus.js"),
        ("/adapter.js", "node_modules/webrtc-adapter/out/adapter.js"),
    ];

    private readonly WebApplication _app;

    private DemoServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Starts the demo site, or returns null (with a warning) when it is off or its folder is missing.</summary>
    public static async Task<DemoServer?> StartAsync(DemoOptions options)
    {
        if (!options.Enabled)
        {
            return null;
        }
        string folder = Path.GetFullPath(options.Folder ?? Path.Combine(Directory.GetCurrentDirectory(), "html"));
        if (!File.Exists(Path.Combine(folder, "index.html")))
        {
            JanusLog.Warn($"Demo pages not found in {folder}: not serving them");
            return null;
        }
        foreach (var (path, file) in Libraries)
        {
            if (!File.Exists(Path.Combine(folder, file)))
            {
                JanusLog.Warn($"Demo pages: {file} is missing in {folder} (run scripts/install-deps.sh); {path} will answer 404");
            }
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        string url = $"http://{options.Ip}:{options.Port}";
        builder.WebHost.UseUrls(url);
        WebApplication app = builder.Build();
        var files = new InsideFolderFileProvider(folder);
        app.Lifetime.ApplicationStopped.Register(files.Dispose);
        foreach (var (path, file) in Libraries)
        {
            app.MapGet(path, (HttpContext context) => Serve(files, file, "text/javascript"));
        }
        // Browsers ask for /favicon.ico whatever the page says: answer with the pages' SVG icon rather than a 404.
        app.MapGet("/favicon.ico", () => Serve(files, "favicon.svg", "image/svg+xml"));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ServeUnknownFileTypes = false });
        await app.StartAsync().ConfigureAwait(false);
        if (options.Port == 0)
        {
            // Port 0 (tests) lets the system pick: report the port actually bound.
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
            url = addresses?.Addresses.FirstOrDefault() ?? url;
        }

        JanusLog.Info($"Demo pages on {url}/");
        return new DemoServer(app, url);
    }

    private static IResult Serve(InsideFolderFileProvider files, string file, string contentType)
    {
        IFileInfo info = files.GetFileInfo(file);
        return info.Exists && info.PhysicalPath is not null ? Results.File(info.PhysicalPath, contentType) : Results.NotFound();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
