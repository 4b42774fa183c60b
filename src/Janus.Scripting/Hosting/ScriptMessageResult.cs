namespace Janus.Scripting.Hosting;

internal enum ScriptMessageKind
{
    Error,
    Sync,
    Async,
}

/// <summary>What handleMessage returned, in Janus's terms: error text, a synchronous JSON answer, or "answered later".</summary>
internal readonly record struct ScriptMessageResult(ScriptMessageKind Kind, string? Text)
{
    public static ScriptMessageResult Error(string reason) => new(ScriptMessageKind.Error, reason);
    public static ScriptMessageResult Sync(string json) => new(ScriptMessageKind.Sync, json);
    public static ScriptMessageResult Async(string? hint = null) => new(ScriptMessageKind.Async, hint);
}
