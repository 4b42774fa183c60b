using System.Text.Json.Nodes;
using Janus.Core.Api;

namespace Janus.Scripting.Hosting;

/// <summary>How a binding reads one argument of a server function from a script.</summary>
internal enum ScriptParameterKind
{
    /// <summary>A session id (a number; numeric text is accepted, as Janus's scripts sometimes pass it).</summary>
    Id,
    Integer,
    Bool,
    /// <summary>Text the call cannot do without.</summary>
    String,
    OptionalString,
    /// <summary>A JSON object: the language's own value (Lua table, JS object, <see cref="JsonObject"/>) or JSON text.</summary>
    Json,
    OptionalJson,
    /// <summary>UTF-8 text: a Lua string as its bytes, a JS string encoded to UTF-8, a C# string.</summary>
    Text,
    /// <summary>Binary data: a Lua string, a JS Uint8Array (or a string, as UTF-8), a C# span.</summary>
    Bytes,
    /// <summary>
    /// Janus's optional byte count after a buffer: taken only when a number stands there (the next arguments move up
    /// otherwise). It cuts <see cref="Bytes"/> as Janus does, and is ignored for <see cref="Text"/>, where a count
    /// taken from a JS string's length (UTF-16 units) would cut multi-byte text in the wrong place.
    /// </summary>
    LegacyLength,
    /// <summary>Every argument from here on, each text or nothing (Janus's variadic recording calls).</summary>
    Strings,
}

/// <summary>What a server function gives back to the script.</summary>
internal enum ScriptReturnKind
{
    /// <summary>Janus's status: 0 done, -1 refused (an unknown session, a channel not open yet...).</summary>
    Status,
    Bool,
    String,
    /// <summary>JSON handed back as the language's own value.</summary>
    Json,
    None,
}

internal readonly record struct ScriptParameter(string Name, ScriptParameterKind Kind);

/// <summary>
/// One server function: its script name, its C# name on <see cref="Api.ScriptPlugin"/>, its arguments and what it
/// answers, and how it is carried out on <see cref="ScriptHostApi"/> once the binding has read the arguments.
/// </summary>
internal sealed record ScriptFunction(
    string Name,
    string CSharpName,
    IReadOnlyList<ScriptParameter> Parameters,
    ScriptReturnKind Returns,
    Func<ScriptHostApi, ScriptArguments, object?> Invoke)
{
    /// <summary>Older names Lua and JavaScript scripts may still use (Janus's earlier API), not offered in C#.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}

/// <summary>
/// One function a script may define: its script name, its C# override, and the feature flag that tells the proxy,
/// once at load, that the script wants the call (None: called whenever it is defined).
/// </summary>
internal sealed record ScriptCallback(string Name, string CSharpName, ScriptFeatures Feature = ScriptFeatures.None);

/// <summary>
/// The script API, described once: every server function a script may call and every function it may define, with
/// Janus's names. The Lua and JavaScript bindings are made from this list; the C# base class
/// <see cref="Api.ScriptPlugin"/> is checked against it by the tests, so a call cannot exist in one language only.
/// </summary>
internal static class ScriptApi
{
    private const ScriptParameterKind Id = ScriptParameterKind.Id;
    private const ScriptParameterKind Integer = ScriptParameterKind.Integer;
    private const ScriptParameterKind Bool = ScriptParameterKind.Bool;
    private const ScriptParameterKind String = ScriptParameterKind.String;
    private const ScriptParameterKind OptionalString = ScriptParameterKind.OptionalString;
    private const ScriptParameterKind Json = ScriptParameterKind.Json;
    private const ScriptParameterKind OptionalJson = ScriptParameterKind.OptionalJson;
    private const ScriptParameterKind Text = ScriptParameterKind.Text;
    private const ScriptParameterKind Bytes = ScriptParameterKind.Bytes;
    private const ScriptParameterKind Length = ScriptParameterKind.LegacyLength;
    private const ScriptParameterKind Strings = ScriptParameterKind.Strings;

    /// <summary>The constructors of a handleMessage result, the same names in every language (C#: on <see cref="Api.ScriptReply"/>).</summary>
    public static IReadOnlyList<string> ResultHelpers { get; } = ["reply", "later", "refuse"];

    /// <summary>The Janus error code a refusal carries unless the script gives one (JANUS_ERROR_PLUGIN_MESSAGE).</summary>
    public const int DefaultRefusalCode = JanusErrorCode.PluginMessage;

    public static IReadOnlyList<ScriptFunction> Functions { get; } =
    [
        Status("pushEvent", (api, a) => api.PushEvent(a.Id(0), a.OptionalString(1), a.Json(2), a.OptionalJson(3)),
            ("id", Id), ("transaction", OptionalString), ("event", Json), ("jsep", OptionalJson)),
        Status("notifyEvent", (api, a) => api.NotifyEvent(a.Id(0), a.Json(1)), ("id", Id), ("event", Json)),
        new("eventsIsEnabled", "EventsIsEnabled", [], ScriptReturnKind.Bool, (api, _) => api.EventsIsEnabled()),
        Status("closePc", (api, a) => api.ClosePc(a.Id(0)), ("id", Id)),
        Status("endSession", (api, a) => api.EndSession(a.Id(0)), ("id", Id)),
        Status("configureMedium", (api, a) => api.ConfigureMedium(a.Id(0), a.String(1), a.String(2), a.Bool(3)),
            ("id", Id), ("medium", String), ("direction", String), ("enabled", Bool)),
        Status("addRecipient", (api, a) => api.AddRecipient(a.Id(0), a.Id(1)), ("id", Id), ("recipient", Id)),
        Status("removeRecipient", (api, a) => api.RemoveRecipient(a.Id(0), a.Id(1)), ("id", Id), ("recipient", Id)),
        Status("setBitrate", (api, a) => api.SetBitrate(a.Id(0), a.Integer(1)), ("id", Id), ("bitrate", Integer)),
        Status("setPliFreq", (api, a) => api.SetPliFreq(a.Id(0), a.Integer(1)), ("id", Id), ("seconds", Integer)),
        Status("setSubstream", (api, a) => api.SetSubstream(a.Id(0), a.Integer(1)), ("id", Id), ("substream", Integer)),
        Status("setTemporalLayer", (api, a) => api.SetTemporalLayer(a.Id(0), a.Integer(1)), ("id", Id), ("layer", Integer)),
        Status("setSpatialLayer", (api, a) => api.SetSpatialLayer(a.Id(0), a.Integer(1)), ("id", Id), ("layer", Integer)),
        Status("sendPli", (api, a) => api.SendPli(a.Id(0)), ("id", Id)),
        Status("relayRtp", (api, a) => api.RelayRtp(a.Id(0), a.Bool(1), a.Cut(2, 3)),
            ("id", Id), ("video", Bool), ("packet", Bytes), ("length", Length)),
        Status("relayRtcp", (api, a) => api.RelayRtcp(a.Id(0), a.Bool(1), a.Cut(2, 3)),
            ("id", Id), ("video", Bool), ("packet", Bytes), ("length", Length)),
        Status("relayTextData", (api, a) => api.RelayData(a.Id(0), false, a.Bytes(1), a.OptionalString(3), a.OptionalString(4)),
            ("id", Id), ("text", Text), ("length", Length), ("label", OptionalString), ("protocol", OptionalString)) with { Aliases = ["relayData"] },
        Status("relayBinaryData", (api, a) => api.RelayData(a.Id(0), true, a.Cut(1, 2), a.OptionalString(3), a.OptionalString(4)),
            ("id", Id), ("data", Bytes), ("length", Length), ("label", OptionalString), ("protocol", OptionalString)),
        Status("startRecording", (api, a) => api.StartRecording(a.Id(0), a.Strings(1)), ("id", Id), ("typeCodecFolderFilename", Strings)),
        Status("stopRecording", (api, a) => api.StopRecording(a.Id(0), a.Strings(1)), ("id", Id), ("types", Strings)),
        Status("pokeScheduler", (api, _) => api.PokeScheduler()),
        Status("timeCallback", (api, a) => api.TimeCallback(a.String(0), a.OptionalString(1), a.Integer(2)),
            ("function", String), ("argument", OptionalString), ("milliseconds", Integer)),
        new("janusLog", "JanusLog", [new("level", Integer), new("text", OptionalString)], ScriptReturnKind.None, (api, a) =>
        {
            api.Log((int)a.Integer(0), a.OptionalString(1) ?? "");
            return null;
        }),
        // C# reads the same thing as the Config property.
        new("getConfig", "Config", [], ScriptReturnKind.Json, (api, _) => api.Config ?? new JsonObject()),
        new("generateAnswer", "GenerateAnswer", [new("offer", String), new("options", OptionalJson)], ScriptReturnKind.String,
            (api, a) => api.GenerateAnswer(a.String(0), a.OptionalJson(1))),
    ];

    public static IReadOnlyList<ScriptCallback> Callbacks { get; } =
    [
        new("getPackage", "GetPackage"),
        new("getName", "GetName"),
        new("getDescription", "GetDescription"),
        new("getAuthor", "GetAuthor"),
        new("getVersion", "GetVersion"),
        new("getVersionString", "GetVersionString"),
        new("init", "Init"),
        new("destroy", "Destroy"),
        new("createSession", "CreateSession"),
        new("destroySession", "DestroySession"),
        new("querySession", "QuerySession"),
        new("handleMessage", "HandleMessage"),
        new("handleAdminMessage", "HandleAdminMessage", ScriptFeatures.HandleAdminMessage),
        new("setupMedia", "SetupMedia"),
        new("hangupMedia", "HangupMedia"),
        new("incomingRtp", "IncomingRtp", ScriptFeatures.IncomingRtp),
        new("incomingRtcp", "IncomingRtcp", ScriptFeatures.IncomingRtcp),
        new("incomingTextData", "IncomingTextData", ScriptFeatures.IncomingTextData),
        new("incomingBinaryData", "IncomingBinaryData", ScriptFeatures.IncomingBinaryData),
        new("dataReady", "DataReady", ScriptFeatures.DataReady),
        new("slowLink", "SlowLink", ScriptFeatures.SlowLink),
        new("substreamChanged", "SubstreamChanged", ScriptFeatures.SubstreamChanged),
        new("temporalLayerChanged", "TemporalLayerChanged", ScriptFeatures.TemporalLayerChanged),
        new("spatialLayerChanged", "SpatialLayerChanged", ScriptFeatures.SpatialLayerChanged),
        new("resumeScheduler", "ResumeScheduler"),
        new("exportState", "ExportState", ScriptFeatures.ExportState),
        new("importState", "ImportState", ScriptFeatures.ImportState),
    ];

    /// <summary>The optional callbacks a script defines, from a test of "is this name defined" in its language.</summary>
    public static ScriptFeatures DetectFeatures(Func<ScriptCallback, bool> defines)
    {
        ScriptFeatures features = ScriptFeatures.None;
        foreach (ScriptCallback callback in Callbacks)
        {
            if (callback.Feature != ScriptFeatures.None && defines(callback))
            {
                features |= callback.Feature;
            }
        }

        return features;
    }

    private static ScriptFunction Status(string name, Func<ScriptHostApi, ScriptArguments, int> invoke, params (string Name, ScriptParameterKind Kind)[] parameters) =>
        new(name, char.ToUpperInvariant(name[0]) + name[1..], parameters.Select(p => new ScriptParameter(p.Name, p.Kind)).ToArray(), ScriptReturnKind.Status,
            (api, a) => invoke(api, a));
}

/// <summary>
/// The arguments of one call, read by a language binding in the order and kinds of <see cref="ScriptFunction.Parameters"/>:
/// slot i holds parameter i (a <see cref="ScriptParameterKind.LegacyLength"/> the script left out is null).
/// </summary>
internal sealed class ScriptArguments(object?[] values)
{
    public long Id(int index) => (long)values[index]!;

    public long Integer(int index) => (long)values[index]!;

    public bool Bool(int index) => (bool)values[index]!;

    public string String(int index) => (string)values[index]!;

    public string? OptionalString(int index) => (string?)values[index];

    public JsonObject Json(int index) => (JsonObject)values[index]!;

    public JsonObject? OptionalJson(int index) => (JsonObject?)values[index];

    public byte[] Bytes(int index) => (byte[])values[index]!;

    /// <summary>The bytes at <paramref name="index"/>, cut to the legacy length at <paramref name="lengthIndex"/> when shorter (Janus's meaning).</summary>
    public ReadOnlySpan<byte> Cut(int index, int lengthIndex)
    {
        byte[] bytes = Bytes(index);
        return values[lengthIndex] is long length && length >= 0 && length < bytes.Length ? bytes.AsSpan(0, (int)length) : bytes;
    }

    public IReadOnlyList<string?> Strings(int index) => (IReadOnlyList<string?>)values[index]!;
}
