using System.Text.Json.Nodes;
using Janus.Core.Api;

namespace Janus.Scripting.Api;

/// <summary>
/// What <see cref="ScriptPlugin.HandleMessage"/> answers, with the names every script language uses:
/// <see cref="Reply"/>, <see cref="Later"/>, <see cref="Refuse"/> (Lua's janus.reply/later/refuse, JS's the same).
/// </summary>
public readonly record struct ScriptReply
{
    private ScriptReply(int code, JsonObject? content, string? text, int errorCode)
    {
        Code = code;
        Content = content;
        Text = text;
        ErrorCode = errorCode;
    }

    /// <summary>Janus's Lua convention: 0 answered now, 1 answered later with an event, -1 refused.</summary>
    public int Code { get; }
    public JsonObject? Content { get; }

    /// <summary>The hint of an answer given later, or the reason of a refusal.</summary>
    public string? Text { get; }

    /// <summary>The Janus error code a refusal reaches the client with (462 unless the plugin chose another).</summary>
    public int ErrorCode { get; }

    /// <summary>Answered now: the content goes back in the <c>success</c> (handed over as it is, not copied).</summary>
    public static ScriptReply Reply(JsonObject content) => new(0, content, null, 0);

    /// <summary>Answered later through PushEvent: the client gets an <c>ack</c> now, with the optional hint.</summary>
    public static ScriptReply Later(string? hint = null) => new(1, null, hint, 0);

    /// <summary>Refused on purpose: the client gets a Janus error with <paramref name="code"/> and this reason; logged as information, not as a fault.</summary>
    public static ScriptReply Refuse(string reason, int code = JanusErrorCode.PluginMessage) => new(-1, null, reason, code);

    /// <summary>The earlier name of <see cref="Reply"/>.</summary>
    public static ScriptReply Sync(JsonObject content) => Reply(content);

    /// <summary>The earlier name of <see cref="Later"/>.</summary>
    public static ScriptReply Async(string? hint = null) => Later(hint);

    /// <summary>The earlier name of <see cref="Refuse"/> with code 462.</summary>
    public static ScriptReply Error(string reason) => Refuse(reason);
}
