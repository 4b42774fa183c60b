using System.Text.Json.Nodes;

namespace Janus.Core.Api;

/// <summary>
/// The answer to one request, and work that must follow it on the same connection: for <c>detach</c>, the
/// <c>detached</c> event has to reach the client after the <c>success</c>, as with Janus (janode rejects the
/// detach otherwise); for <c>message</c>, the plugin's events of the same transaction, held until then. A transport
/// writes (or queues in send order) <see cref="Message"/> first, then runs <see cref="RunAfterSentAsync"/>, always,
/// even when the write failed: until it runs, the session's events stay held.
/// </summary>
public readonly record struct ApiReply(JsonObject Message, Func<Task>? AfterSent = null)
{
    public Task RunAfterSentAsync() => AfterSent is null ? Task.CompletedTask : AfterSent();

    public static implicit operator ApiReply(JsonObject message) => new(message);
}
