using System.Text.Json.Nodes;

namespace Janus.Scripting.Hosting;

internal enum ScriptMessageKind
{
    /// <summary>Answered now: <see cref="ScriptMessageResult.Content"/> goes back in the <c>success</c>.</summary>
    Reply,
    /// <summary>Answered later with pushEvent: the client gets an <c>ack</c> now, with the optional hint.</summary>
    Later,
    /// <summary>Refused on purpose: the client gets a Janus error with <see cref="ScriptMessageResult.Code"/> and the reason.</summary>
    Refuse,
}

/// <summary>
/// What handleMessage answered, the same shape in every language: reply(value), later(hint) or refuse(reason, code).
/// Janus's older forms (Lua's code and text, JS numbers, C#'s Sync/Async/Error) are read into it by each binding.
/// </summary>
internal readonly record struct ScriptMessageResult(ScriptMessageKind Kind, JsonObject? Content, string? Text, int Code)
{
    public static ScriptMessageResult Reply(JsonObject content) => new(ScriptMessageKind.Reply, content, null, 0);

    public static ScriptMessageResult Later(string? hint = null) => new(ScriptMessageKind.Later, null, hint, 0);

    public static ScriptMessageResult Refuse(string reason, int? code = null) =>
        new(ScriptMessageKind.Refuse, null, reason, code ?? ScriptApi.DefaultRefusalCode);
}
