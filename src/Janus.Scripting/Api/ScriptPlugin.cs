using System.Text;
using System.Text.Json.Nodes;
using Janus.Scripting.Hosting;

namespace Janus.Scripting.Api;

/// <summary>
/// The base class of C# script plugins (.csx) and of compiled plugins that want the script model: the same names and
/// meanings as Janus's Lua and Duktape plugins. Override what the plugin handles; call the protected methods to act.
/// Every override runs on the plugin's own thread, one call at a time. Session ids are the script ids (not handle ids).
/// A call that runs past the time limit sees <see cref="CallCancelled"/> cancelled and should return.
/// </summary>
public abstract class ScriptPlugin
{
    private ScriptHostApi? _api;
    private CancellationToken _callCancelled;

    // ---- What the plugin defines -------------------------------------------------------------------------

    public virtual string? GetPackage() => null;
    public virtual string? GetName() => null;
    public virtual string? GetDescription() => null;
    public virtual string? GetAuthor() => null;
    public virtual int? GetVersion() => null;
    public virtual string? GetVersionString() => null;

    /// <summary>Janus's init(config): the path of the plugin's configuration file or null; <see cref="Config"/> has it parsed.</summary>
    public virtual void Init(string? config)
    {
    }

    public virtual void Destroy()
    {
    }

    public virtual void CreateSession(long id)
    {
    }

    public virtual void DestroySession(long id)
    {
    }

    public virtual JsonObject? QuerySession(long id) => null;

    public abstract ScriptReply HandleMessage(long id, string transaction, JsonObject message, JsonObject? jsep);

    /// <summary>Admin API message_plugin; only called when overridden.</summary>
    public virtual JsonObject? HandleAdminMessage(JsonObject message) => null;

    public virtual void SetupMedia(long id)
    {
    }

    public virtual void HangupMedia(long id)
    {
    }

    /// <summary>Overriding this makes every RTP packet of the plugin's sessions come here instead of the relay (discouraged, as in Janus).</summary>
    public virtual void IncomingRtp(long id, bool video, ReadOnlySpan<byte> buffer)
    {
    }

    public virtual void IncomingRtcp(long id, bool video, ReadOnlySpan<byte> buffer)
    {
    }

    /// <summary>Overriding this makes text data come here instead of being relayed to the session's recipients.</summary>
    public virtual void IncomingTextData(long id, string text, string? label, string? protocol)
    {
    }

    public virtual void IncomingBinaryData(long id, ReadOnlySpan<byte> data, string? label, string? protocol)
    {
    }

    public virtual void DataReady(long id)
    {
    }

    public virtual void SlowLink(long id, bool uplink, bool video)
    {
    }

    public virtual void SubstreamChanged(long id, int substream)
    {
    }

    public virtual void TemporalLayerChanged(long id, int layer)
    {
    }

    public virtual void SpatialLayerChanged(long id, int layer)
    {
    }

    public virtual void ResumeScheduler()
    {
    }

    /// <summary>Hot reload: what this version hands to the next one.</summary>
    public virtual JsonNode? ExportState() => null;

    /// <summary>Hot reload: receives what the previous version exported (null if it exported nothing).</summary>
    public virtual void ImportState(JsonNode? state)
    {
    }

    // ---- What the plugin may call ------------------------------------------------------------------------

    /// <summary>The plugin's configuration (its janus.plugin.NAME.jcfg as JSON), or null.</summary>
    protected JsonObject? Config => Api.Config;

    /// <summary>Cancelled when the current call has run past the plugin's time limit.</summary>
    protected CancellationToken CallCancelled => _callCancelled;

    protected int PushEvent(long id, string? transaction, JsonObject message, JsonObject? jsep = null) =>
        Api.PushEvent(id, transaction, message.ToJsonString(), jsep?.ToJsonString());

    protected int NotifyEvent(long id, JsonObject evt) => Api.NotifyEvent(id, evt.ToJsonString());

    protected bool EventsIsEnabled() => Api.EventsIsEnabled();

    protected int ClosePc(long id) => Api.ClosePc(id);

    protected int EndSession(long id) => Api.EndSession(id);

    /// <summary>medium: "audio", "video" or "data"; direction: "in" (may receive) or "out" (may be relayed).</summary>
    protected int ConfigureMedium(long id, string medium, string direction, bool enabled) => Api.ConfigureMedium(id, medium, direction, enabled);

    protected int AddRecipient(long id, long recipient) => Api.AddRecipient(id, recipient);

    protected int RemoveRecipient(long id, long recipient) => Api.RemoveRecipient(id, recipient);

    protected int SetBitrate(long id, long bitsPerSecond) => Api.SetBitrate(id, bitsPerSecond);

    protected int SetPliFreq(long id, int seconds) => Api.SetPliFreq(id, seconds);

    protected int SetSubstream(long id, int substream) => Api.SetSubstream(id, substream);

    protected int SetTemporalLayer(long id, int layer) => Api.SetTemporalLayer(id, layer);

    protected int SetSpatialLayer(long id, int layer) => Api.SetSpatialLayer(id, layer);

    protected int SendPli(long id) => Api.SendPli(id);

    protected int RelayRtp(long id, bool video, ReadOnlySpan<byte> buffer) => Api.RelayRtp(id, video, buffer);

    protected int RelayRtcp(long id, bool video, ReadOnlySpan<byte> buffer) => Api.RelayRtcp(id, video, buffer);

    protected int RelayTextData(long id, string text, string? label = null, string? protocol = null) =>
        Api.RelayData(id, false, Encoding.UTF8.GetBytes(text), label, protocol);

    protected int RelayBinaryData(long id, ReadOnlySpan<byte> data, string? label = null, string? protocol = null) =>
        Api.RelayData(id, true, data, label, protocol);

    /// <summary>Not available yet: logs an error and answers -1.</summary>
    /// <summary>Janus's startRecording: one to three groups of (type, codec, folder, filename), e.g. ("video", "vp8", "/tmp", "x-video").</summary>
    protected int StartRecording(long id, params string?[] typeCodecFolderFilename) => Api.StartRecording(id, typeCodecFolderFilename);

    /// <summary>Janus's stopRecording: the types ("audio", "video", "data") to stop.</summary>
    protected int StopRecording(long id, params string[] types) => Api.StopRecording(id, types);

    protected int PokeScheduler() => Api.PokeScheduler();

    /// <summary>Calls this plugin's method named <paramref name="function"/> (taking one string?) after <paramref name="milliseconds"/>.</summary>
    protected int TimeCallback(string function, string? argument, int milliseconds) => Api.TimeCallback(function, argument, milliseconds);

    protected void JanusLog(int level, string text) => Api.Log(level, text);

    protected string GenerateAnswer(string offerSdp, JsonObject? options = null) =>
        Api.GenerateAnswer(offerSdp, options?.ToJsonString());

    private ScriptHostApi Api => _api ?? throw new InvalidOperationException("the plugin is not loaded by the script host");

    internal void Bind(ScriptHostApi api) => _api = api;

    internal void SetCallToken(CancellationToken token) => _callCancelled = token;
}
