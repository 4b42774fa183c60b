using System.Net;
using Janus.Core.Configuration;
using Janus.Host.Demos;

namespace Janus.Host.Tests.Demos;

/// <summary>
/// Issue 12 item 5: the demo site serves only files that, with every symbolic link resolved, are inside its folder.
/// </summary>
public sealed class DemoSymlinkTests : IAsyncLifetime
{
    private const string Secret = "outside-the-demo-folder";
    private readonly string _folder = Directory.CreateTempSubdirectory("demos-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("outside-").FullName;
    private DemoServer _demos = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(_folder, "index.html"), "<html>index</html>");
        File.WriteAllText(Path.Combine(_folder, "page.txt"), "inside");
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), Secret);
        // A link to a file outside, one to a folder outside, one that climbs out with "..", one that stays inside.
        File.CreateSymbolicLink(Path.Combine(_folder, "passwd.txt"), Path.Combine(_outside, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(_folder, "etc"), _outside);
        File.CreateSymbolicLink(Path.Combine(_folder, "relative.txt"), Path.Combine("..", Path.GetFileName(_outside), "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(_folder, "alias.txt"), "page.txt");
        _demos = (await DemoServer.StartAsync(new DemoOptions { Port = 0, Folder = _folder }))!;
        _http = new HttpClient { BaseAddress = new Uri(_demos.Url) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _demos.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    [Theory]
    [InlineData("/passwd.txt")]
    [InlineData("/etc/secret.txt")]
    [InlineData("/relative.txt")]
    public async Task Link_leading_out_of_the_folder_is_not_served(string path)
    {
        using HttpResponseMessage response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(Secret, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Regular_files_and_links_that_stay_inside_are_served()
    {
        Assert.Equal("inside", await _http.GetStringAsync("/page.txt"));
        Assert.Equal("inside", await _http.GetStringAsync("/alias.txt"));
        Assert.Equal("<html>index</html>", await _http.GetStringAsync("/"));
    }

    [Fact]
    public void Real_path_resolves_links_component_by_component_and_gives_up_on_loops()
    {
        Assert.Equal(Path.Combine(_outside, "secret.txt"), InsideFolderFileProvider.RealPath(Path.Combine(_folder, "etc", "secret.txt")));
        Assert.Equal(Path.Combine(_outside, "secret.txt"), InsideFolderFileProvider.RealPath(Path.Combine(_folder, "relative.txt")));
        File.CreateSymbolicLink(Path.Combine(_folder, "loop-a"), "loop-b");
        File.CreateSymbolicLink(Path.Combine(_folder, "loop-b"), "loop-a");
        Assert.Null(InsideFolderFileProvider.RealPath(Path.Combine(_folder, "loop-a")));
    }
}
