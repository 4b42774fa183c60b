using System.Net;
using System.Text.RegularExpressions;
using Janus.Core.Configuration;
using Janus.Host.Demos;

namespace Janus.Host.Tests.Demos;

/// <summary>
/// The demo site as served from the repository's html/: one stylesheet and layout on every page, a favicon (no
/// 404 per page), nothing from outside the machine, and the element ids the browser tests drive left in place.
/// </summary>
public sealed class DemoServerTests : IAsyncLifetime
{
    private static readonly string[] Pages = ["index.html", "echotest.html"];
    private DemoServer _demos = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _demos = (await DemoServer.StartAsync(new DemoOptions { Port = 0, Folder = HtmlFolder() }))!;
        _http = new HttpClient { BaseAddress = new Uri(_demos.Url) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _demos.DisposeAsync();
    }

    private static string HtmlFolder()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Janus.sln")))
            {
                return Path.Combine(dir.FullName, "html");
            }
        }

        throw new InvalidOperationException("html/ not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task Favicon_ico_answers_with_the_svg_icon()
    {
        using HttpResponseMessage icon = await _http.GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<svg", await icon.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/echotest.html")]
    public async Task Every_page_uses_the_shared_layout_icon_and_status_line(string path)
    {
        string html = await _http.GetStringAsync(path);
        Assert.Contains("<link rel=\"stylesheet\" href=\"demo.css\">", html);
        Assert.Contains("<link rel=\"icon\" href=\"favicon.svg\"", html);
        Assert.Contains("<script src=\"layout.js\" defer></script>", html);
        Assert.Contains("id=\"status\"", html);
        foreach (string asset in new[] { "/demo.css", "/layout.js", "/favicon.svg" })
        {
            using HttpResponseMessage response = await _http.GetAsync(asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {response.StatusCode}");
        }
    }

    [Fact]
    public void No_page_loads_anything_from_another_host()
    {
        // Offline by design: the pages, their stylesheet and scripts name no http(s) URL to fetch from.
        string folder = HtmlFolder();
        foreach (string file in Pages.Concat(["demo.css", "layout.js", "echotest.js"]))
        {
            string text = File.ReadAllText(Path.Combine(folder, file));
            Assert.DoesNotMatch(new Regex(@"(src|href)\s*=\s*[""']?(https?:)?//", RegexOptions.IgnoreCase), text);
            Assert.DoesNotMatch(new Regex(@"@import|url\(\s*[""']?(https?:)?//", RegexOptions.IgnoreCase), text);
        }
    }

    [Fact]
    public async Task The_echotest_page_keeps_the_elements_the_browser_tests_use()
    {
        // tests/interop/media/*chromium*.test.mjs click [data-layer] buttons and read window.echo, which
        // echotest.js builds from these elements.
        string html = await _http.GetStringAsync("/echotest.html");
        foreach (string id in new[] { "plugin", "start", "stop", "local", "remote", "layers", "layer-kind", "layer-now", "record", "record-stop", "text", "send", "log" })
        {
            Assert.Contains($"id=\"{id}\"", html);
        }

        for (int i = 0; i < 3; i++)
        {
            Assert.Contains($"data-layer=\"{i}\"", html);
            Assert.Contains($"data-temporal=\"{i}\"", html);
        }

        // Labelled media boxes.
        Assert.Matches(new Regex(@"<figcaption>Local[^<]*</figcaption>\s*<video id=""local"""), html);
        Assert.Matches(new Regex(@"<figcaption>Remote[^<]*</figcaption>\s*<video id=""remote"""), html);
    }
}
