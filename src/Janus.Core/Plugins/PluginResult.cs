using System.Text.Json.Nodes;

namespace Janus.Core.Plugins;

public enum PluginResultKind
{
    /// <summary>Answered now: the content goes back in a <c>success</c> with <c>plugindata</c>.</summary>
    Ok,
    /// <summary>Answered later with an event: the client gets an <c>ack</c> (with the optional hint) now.</summary>
    OkWait,
    /// <summary>Refused: the client gets Janus error 462 with the text.</summary>
    Error,
}

/// <summary>The outcome of <see cref="IPlugin.HandleMessageAsync"/> (Janus's <c>janus_plugin_result</c>).</summary>
public readonly record struct PluginResult(PluginResultKind Kind, JsonObject? Content, string? Text)
{
    public static PluginResult Ok(JsonObject content) => new(PluginResultKind.Ok, content, null);
    public static PluginResult OkWait(string? hint = null) => new(PluginResultKind.OkWait, null, hint);
    public static PluginResult Error(string reason) => new(PluginResultKind.Error, null, reason);
}
