using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Janus.Core.Media;
using Janus.Core.Plugins;

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

    public int Trickle(PluginHandle handle, JsonObject candidate)
    {
        Calls.Enqueue("trickle:" + candidate.ToJsonString());
        return 0;
    }

    public void Hangup(PluginHandle handle, string reason) => Calls.Enqueue("hangup:" + reason);

    public void Release(PluginHandle handle) => Calls.Enqueue("release");

    public JsonObject? Query(PluginHandle handle) => new() { ["ice-mode"] = "test", ["webrtc"] = new JsonObject { ["ice"] = "test" } };

    public void RelayRtp(PluginHandle handle, RtpPacket packet) => Calls.Enqueue("rtp");
    public void RelayRtcp(PluginHandle handle, RtcpPacket packet) => Calls.Enqueue("rtcp");
    public void RelayData(PluginHandle handle, DataPacket packet) => Calls.Enqueue("data");
    public void SendPli(PluginHandle handle, int mindex) => Calls.Enqueue("pli");
    public void SendRemb(PluginHandle handle, uint bitrate) => Calls.Enqueue("remb");
}
