using System.Text.Json.Nodes;
using Janus.Core.Api;
using Janus.Core.Configuration;

namespace Janus.Core.Tests.Api;

/// <summary>
/// A request that fails inside the core still gets a reply. Found by the coverage-guided fuzzer (fuzz/, target
/// <c>api</c>): JsonNode reads strings lazily, so a string that is not valid UTF-8 throws when the core first reads it;
/// in <c>attach</c> that happens after the request has gone asynchronous, and the exception escaped
/// <see cref="JanusCore.HandleRequestAsync"/> instead of becoming a 490.
/// </summary>
public sealed class RequestFailureTests
{
    [Fact]
    public async Task AttachWithAPluginNameThatIsNotUtf8_IsAnsweredWithAnInternalErrorThatKeepsTheTransaction()
    {
        await using var core = new JanusCore(new ServerOptions { AdminSecret = null });
        var client = new Connection();
        await core.HandleRequestAsync(client, new JsonObject { ["janus"] = "create", ["id"] = 1, ["transaction"] = "c" });
        // The fuzzer's input: 0x80 is a UTF-8 continuation byte with nothing before it.
        byte[] request = [.. "{\"janus\":\"attach\",\"session_id\":1,\"plugin\":\""u8, 0x80, .. "\",\"transaction\":\"t4\"}"u8];

        ApiReply reply = await core.HandleRequestAsync(client, JsonNode.Parse(request));

        Assert.Equal("error", reply.Message["janus"]?.GetValue<string>());
        Assert.Equal(JanusErrorCode.Unknown, reply.Message["error"]?["code"]?.GetValue<int>());
        Assert.Equal("t4", reply.Message["transaction"]?.GetValue<string>());
    }

    [Fact]
    public async Task ARequestWhoseTransactionIsNotUtf8_IsAnsweredWithoutOne()
    {
        await using var core = new JanusCore(new ServerOptions { AdminSecret = null });
        byte[] request = [.. "{\"janus\":\"info\",\"transaction\":\""u8, 0xFF, .. "\"}"u8];

        ApiReply reply = await core.HandleRequestAsync(new Connection(), JsonNode.Parse(request));

        Assert.Equal(JanusErrorCode.Unknown, reply.Message["error"]?["code"]?.GetValue<int>());
        Assert.Null(reply.Message["transaction"]);
    }

    private sealed class Connection : ITransportConnection
    {
        public string TransportPackage => "janus.transport.test";

        public void SendEvent(JsonObject message)
        {
        }

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
