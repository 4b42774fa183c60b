using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Janus.Core.Media;
using Janus.Core.Plugins;
using Janus.Media.Relay;

namespace Janus.Host.Tests.Infrastructure;

/// <summary>A media engine double that records calls and answers JSEPs in a recognisable way.</summary>
internal sealed class RecordingMediaEngine : IMediaEngine
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public JsepOutcome ProcessRemoteJsep(PluginHandle handle, JsonObject jsep)
    {
        Calls.Enqueue("remote:" + jsep["type"]);
        if (jsep["sdp"]!.GetValue<string>() == "bad")
        {
            return JsepOutcome.Failure(465, "Invalid SDP (test)");
        }
        return JsepOutcome.Success(new JsonObject { ["type"] = jsep["type"]!.GetValue<string>(), ["sdp"] = "processed" });
    }

    public JsepOutcome PrepareLocalJsep(PluginHandle handle, JsonObject jsep)
    {
        Calls.Enqueue("local:" + jsep["type"]);
        return JsepOutcome.Success(new JsonObject { ["type"] = jsep["type"]!.GetValue<string>(), ["sdp"] = jsep["sdp"]!.GetValue<string>() + "+ice" });
    }

    public void LocalJsepSent(PluginHandle handle) => Calls.Enqueue("local-sent");

    public int Trickle(PluginHandle handle, JsonObject candidate)
    {
        Calls.Enqueue("trickle:" + candidate.ToJsonString());
        return 0;
    }

    public void Hangup(PluginHandle handle, string reason) => Calls.Enqueue("hangup:" + reason);

    public void Release(PluginHandle handle) => Calls.Enqueue("release");

    public JsonObject? Query(PluginHandle handle) => new() { ["ice-mode"] = "test", ["webrtc"] = new JsonObject { ["ice"] = "test" } };

    /// <summary>What resolve_address finds (name → address); anything else does not resolve.</summary>
    public Dictionary<string, IPAddress> Names { get; } = new();

    /// <summary>What test_stun gets back from a STUN server on this port (others do not answer).</summary>
    public (int Port, IPEndPoint Mapped)? StunServer { get; set; }

    public Task<IPAddress?> ResolveAddressAsync(string address)
    {
        Calls.Enqueue("resolve " + address);
        return Task.FromResult(Names.TryGetValue(address, out IPAddress? ip) ? ip : null);
    }

    public Task<IPEndPoint?> TestStunAsync(IPEndPoint server, int localPort)
    {
        Calls.Enqueue($"stun {server} from {localPort}");
        return Task.FromResult(StunServer is { } stun && stun.Port == server.Port ? stun.Mapped : null);
    }

    // The real relay: handles get media a plugin can shape, with no PeerConnection behind it.
    private readonly RelayGraph _relay = new(ticks: false);

    public IHandleMedia Attach(PluginHandle handle, IPlugin plugin)
    {
        Calls.Enqueue("attach");
        return _relay.AddNode(handle, plugin);
    }
}
