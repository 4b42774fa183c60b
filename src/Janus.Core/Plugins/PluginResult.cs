using System.Text.Json.Nodes;
using Janus.Core.Api;

namespace Janus.Core.Plugins;

public enum PluginResultKind
{
    /// <summary>Answered now: the content goes back in a <c>success</c> with <c>plugindata</c>.</summary>
    Ok,
    /// <summary>Answered later with an event: the client gets an <c>ack</c> (with the optional hint) now.</summary>
    OkWait,
    /// <summary>Refused: the client gets a Janus <c>error</c> with <see cref="PluginResult.ErrorCode"/> and the text.</summary>
    Error,
}

/// <summary>The outcome of <see cref="IPlugin.HandleMessageAsync"/> (Janus's <c>janus_plugin_result</c>).</summary>
public readonly record struct PluginResult(PluginResultKind Kind, JsonObject? Content, string? Text)
{
    /// <summary>The Janus error code of a refusal; 462 (JANUS_ERROR_PLUGIN_MESSAGE) unless the plugin chose another.</summary>
    public int ErrorCode { get; init; } = JanusErrorCode.PluginMessage;

    public static PluginResult Ok(JsonObject content) => new(PluginResultKind.Ok, content, null);
    public static PluginResult OkWait(string? hint = null) => new(PluginResultKind.OkWait, null, hint);

    public static PluginResult Error(string reason, int code = JanusErrorCode.PluginMessage) =>
        new(PluginResultKind.Error, null, reason) { ErrorCode = code };
}
