using System.Text.Json.Nodes;
using Janus.Core.Plugins;
using Janus.Media.Relay;
using Janus.Scripting.Hosting;
using Janus.Scripting.Management;

namespace Janus.Scripting.Tests.Infrastructure;

/// <summary>
/// Writes a script to a temporary folder, loads it behind a proxy and initialises it with a fake gateway. Attached
/// handles get real media in a relay graph, with a <see cref="FakePeer"/> where the PeerConnection would be.
/// </summary>
internal sealed class ScriptFixture : IAsyncDisposable
{
    private static long s_nextHandle = 1000;

    private ScriptFixture(string folder, string file, ScriptPluginProxy proxy, FakeGateway gateway)
    {
        Folder = folder;
        File = file;
        Proxy = proxy;
        Gateway = gateway;
    }

    public string Folder { get; }
    public string File { get; }
    public ScriptPluginProxy Proxy { get; }
    public FakeGateway Gateway { get; }

    /// <summary>The media core's relay, without PeerConnections: tests play the peer through each handle's node.</summary>
    public RelayGraph Relay { get; } = new(ticks: false);

    public static async Task<ScriptFixture> StartAsync(string fileName, string source, ScriptLimits? limits = null, JsonObject? config = null, bool init = true)
    {
        string folder = TempFolder.Create();
        string file = Path.Combine(folder, fileName);
        await System.IO.File.WriteAllTextAsync(file, source);
        limits ??= ScriptLimits.Default;
        string language = ScriptLanguages.LanguageOf(file)!;
        var proxy = new ScriptPluginProxy(file, language, limits, new FakeSdpAnswerer());
        IScriptInstance instance = ScriptLanguages.Load(language, file, proxy.Api, limits);
        proxy.Activate(instance);
        var gateway = new FakeGateway();
        var fixture = new ScriptFixture(folder, file, proxy, gateway);
        if (init)
        {
            await proxy.InitAsync(gateway, new PluginContext(folder, config, config is null ? null : Path.Combine(folder, "plugin.jcfg")));
        }

        return fixture;
    }

    public static PluginHandle NewHandle() => new(1, Interlocked.Increment(ref s_nextHandle), null);

    public async Task<PluginHandle> AttachAsync()
    {
        PluginHandle handle = NewHandle();
        RelayNode node = Relay.AddNode(handle, Proxy);
        node.Peer = new FakePeer(handle, Gateway);
        handle.Media = node;
        await Proxy.CreateSessionAsync(handle);
        return handle;
    }

    /// <summary>The handle's media as the core keeps it (its node in the relay graph).</summary>
    public static RelayNode NodeOf(PluginHandle handle) => (RelayNode)handle.Media!;

    /// <summary>The handle's PeerConnection goes away, as the core reports it: routes cleared, then hangupMedia.</summary>
    public void Hangup(PluginHandle handle)
    {
        RelayNode node = NodeOf(handle);
        IRelayPeer peer = node.Peer!;
        node.PeerGone(peer);
        Proxy.HangupMedia(handle);
        node.Peer = peer;
    }

    public static long IdOf(PluginHandle handle) => ((ScriptSession)handle.PluginState!).Id;

    public async ValueTask DisposeAsync()
    {
        await Proxy.DestroyAsync();
        Relay.Dispose();
        TempFolder.Delete(Folder);
    }
}

internal static class TempFolder
{
    public static string Create()
    {
        string folder = Path.Combine(Path.GetTempPath(), "janus-scripting-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
