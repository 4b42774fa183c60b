namespace Janus.Scripting.Hosting;

/// <summary>The informative getters a script may define (getName, getPackage, ...); null where it defines none.</summary>
internal sealed record ScriptInfo(string? Package, string? Name, string? Description, string? Author, int? Version, string? VersionString);

/// <summary>The optional functions a script defines, checked once at load so the packet path never asks the script.</summary>
[Flags]
internal enum ScriptFeatures
{
    None = 0,
    IncomingRtp = 1,
    IncomingRtcp = 2,
    IncomingTextData = 4,
    IncomingBinaryData = 8,
    HandleAdminMessage = 16,
    DataReady = 32,
    SlowLink = 64,
    ExportState = 128,
    ImportState = 256,
    SubstreamChanged = 512,
    TemporalLayerChanged = 1024,
    SpatialLayerChanged = 2048,
}

/// <summary>
/// One loaded version of one plugin file, in any language. Every call but <see cref="Init"/> comes from the plugin's
/// queue; <see cref="Init"/> may run on the loader thread before the version takes over. JSON crosses as text,
/// as in Janus's script plugins. Failures throw <see cref="ScriptException"/>.
/// </summary>
internal interface IScriptInstance : IDisposable
{
    string Language { get; }
    string File { get; }
    ScriptInfo Info { get; }
    ScriptFeatures Features { get; }

    /// <summary>True when the runtime stops an overlong call itself (Lua, JS); false when it can only ask (C#).</summary>
    bool InterruptsOverlongCalls { get; }

    /// <summary>Asks a call that runs too long to stop (C#'s cancellation token); a no-op where calls are interrupted.</summary>
    void CancelCurrentCall();

    void Init(string? configArgument);
    void Destroy();
    void CreateSession(long id);
    void DestroySession(long id);
    string? QuerySession(long id);
    ScriptMessageResult HandleMessage(long id, string transaction, string message, string? jsep);
    string? HandleAdminMessage(string message);
    void SetupMedia(long id);
    void HangupMedia(long id);
    void IncomingRtp(long id, bool video, ReadOnlySpan<byte> buffer);
    void IncomingRtcp(long id, bool video, ReadOnlySpan<byte> buffer);
    void IncomingTextData(long id, string text, string? label, string? protocol);
    void IncomingBinaryData(long id, ReadOnlySpan<byte> data, string? label, string? protocol);
    void DataReady(long id);
    void SlowLink(long id, bool uplink, bool video);
    void SubstreamChanged(long id, int substream);
    void TemporalLayerChanged(long id, int layer);
    void SpatialLayerChanged(long id, int layer);
    void ResumeScheduler();

    /// <summary>A timeCallback fired: call the named function with the argument.</summary>
    void TimeCallback(string function, string? argument);

    /// <summary>Hot reload: the state the script hands to its next version (JSON text), or null.</summary>
    string? ExportState();
    void ImportState(string? state);
}
