using System.Text.Json;
using System.Text.Json.Nodes;
using Janus.Core.Api;
using Janus.Core.Configuration;

namespace Janus.Fuzz;

/// <summary>
/// One Janus API request as the HTTP transport hands it to the core: parse the body (a JSON error is the transport's
/// 454), dispatch it, serialize the reply. Session 1 exists before each input and is destroyed after it, so inputs
/// that name it reach the per-session verbs and every input starts from the same state. A reply of 490 (internal
/// error) is a finding: the core caught an exception that a client's input caused.
/// </summary>
/// <remarks>
/// The transports refuse, with a 454, a body whose strings are not valid UTF-8 or whose object repeats a key, before
/// the lazy JsonNode would throw on them deep in a request (<c>JsonInputCheck</c>); the target runs the same check, so
/// the fuzzer explores past that door rather than finding it again and again.
/// </remarks>
internal static class ApiTarget
{
    private const long SessionId = 1;

    private static readonly JanusCore Core = new(new ServerOptions { ApiSecret = null, AdminSecret = null, SessionTimeout = 0 });
    private static readonly Connection Client = new();

    public static void Run(byte[] data)
    {
        Handle(new JsonObject { ["janus"] = "create", ["id"] = SessionId, ["transaction"] = "setup" });
        try
        {
            JsonNode? root;
            try
            {
                JsonInputCheck.Validate(data, new JsonReaderOptions { MaxDepth = 64 });
                root = JsonNode.Parse(data, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
            }
            catch (JsonException)
            {
                return;
            }
            JsonObject reply = Handle(root);
            if (reply["error"]?["code"]?.GetValue<int>() == JanusErrorCode.Unknown)
            {
                throw new InvalidOperationException($"internal error for a client's request: {reply.ToJsonString()}");
            }
        }
        finally
        {
            Handle(new JsonObject { ["janus"] = "destroy", ["session_id"] = SessionId, ["transaction"] = "teardown" });
        }
    }

    private static JsonObject Handle(JsonNode? request)
    {
        ApiReply reply = Core.HandleRequestAsync(Client, request).AsTask().GetAwaiter().GetResult();
        // Transports write the reply as UTF-8: what the core answers must serialize.
        _ = reply.Message.ToJsonString();
        reply.RunAfterSentAsync().GetAwaiter().GetResult();
        return reply.Message;
    }

    private sealed class Connection : ITransportConnection
    {
        public string TransportPackage => "janus.transport.fuzz";

        public void SendEvent(JsonObject message) => _ = message.ToJsonString();

        public void SessionCreated(long sessionId)
        {
        }

        public void SessionOver(long sessionId, bool timedOut, bool claimed)
        {
        }

        public void SessionClaimed(long sessionId)
        {
        }
    }
}
