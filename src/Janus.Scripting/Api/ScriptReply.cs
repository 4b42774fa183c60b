using System.Text.Json.Nodes;

namespace Janus.Scripting.Api;

/// <summary>What <see cref="ScriptPlugin.HandleMessage"/> answers: Janus's three outcomes (Lua's code 0 / &gt;0 / &lt;0).</summary>
public readonly record struct ScriptReply
{
    private ScriptReply(int code, JsonObject? content, string? text)
    {
        Code = code;
        Content = content;
        Text = text;
    }

    /// <summary>0 answered now, 1 answered later with an event, -1 refused.</summary>
    public int Code { get; }
    public JsonObject? Content { get; }
    public string? Text { get; }

    /// <summary>Answered now: the content goes back in the <c>success</c>.</summary>
    public static ScriptReply Sync(JsonObject content) => new(0, content, null);

    /// <summary>Answered later through PushEvent: the client gets an <c>ack</c> now.</summary>
    public static ScriptReply Async(string? hint = null) => new(1, null, hint);

    /// <summary>Refused: the client gets error 462 with this reason.</summary>
    public static ScriptReply Error(string reason) => new(-1, null, reason);
}
