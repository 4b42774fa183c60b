using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Janus.Host.Tests.Infrastructure;

namespace Janus.Host.Tests.Transports.WebSockets;

/// <summary>A WebSocket client that does not read its replies cannot make the server buffer without end.</summary>
public sealed class SendBacklogTests : IAsyncLifetime
{
    private const int MaxMessages = 16;
    private const long MaxBytes = 64 * 1024;

    private JanusServer _server = null!;

    public async Task InitializeAsync()
    {
        (_server, _) = await TestServer.StartAsync(options =>
        {
            options.WebSockets.MaxSendBacklogMessages = MaxMessages;
            options.WebSockets.MaxSendBacklogBytes = MaxBytes;
            options.WebSockets.SendBacklogStallTimeout = TimeSpan.FromMilliseconds(300);
        });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Client_that_never_reads_is_closed_with_its_backlog_bounded_while_others_are_served()
    {
        await using JanusWsClient other = await JanusWsClient.ConnectAsync(_server.WebSocketPort);
        using var silent = new ClientWebSocket();
        silent.Options.AddSubProtocol("janus-protocol");
        // A small receive buffer, so the kernel soaks up few replies before the server sees its sends block.
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        await silent.ConnectAsync(new Uri($"ws://127.0.0.1:{_server.WebSocketPort}/"), new HttpMessageInvoker(handler), CancellationToken.None);

        byte[] info = Encoding.UTF8.GetBytes("""{"janus":"info","transaction":"flood"}""");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int sent = 0;
        try
        {
            // Send requests and never read: the server must end this, not the deadline.
            while (silent.State == WebSocketState.Open)
            {
                await silent.SendAsync(info, WebSocketMessageType.Text, true, deadline.Token);
                sent++;
                if (sent % 100 == 0)
                {
                    JsonObject pong = await other.RequestAsync(new JsonObject { ["janus"] = "ping" });
                    Assert.Equal("pong", pong["janus"]!.GetValue<string>());
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException)
        {
        }
        Assert.False(deadline.IsCancellationRequested, "the server never closed the client that does not read");

        await TestServer.WaitUntilAsync(() => _server.WebSockets.ClosedForBacklog == 1, 10_000);
        (int peakMessages, long peakBytes) = _server.WebSockets.PeakBacklog;
        Assert.InRange(peakMessages, 1, MaxMessages);
        Assert.InRange(peakBytes, 1, MaxBytes);
        Assert.True(sent > MaxMessages, $"only {sent} requests were sent");

        // The others are still served, and the closed one is gone from the count.
        JsonObject stillThere = await other.RequestAsync(new JsonObject { ["janus"] = "ping" });
        Assert.Equal("pong", stillThere["janus"]!.GetValue<string>());
        await TestServer.WaitUntilAsync(() => _server.WebSockets.Connections == 1);
    }

    [Fact]
    public async Task Message_packed_with_more_requests_than_the_cap_is_refused_whole()
    {
        await using JanusWsClient ws = await JanusWsClient.ConnectAsync(_server.WebSocketPort);
        int cap = new Janus.Core.Configuration.WebSocketTransportOptions().MaxRequestsPerMessage;
        var packed = new StringBuilder();
        for (int i = 0; i <= cap; i++)
        {
            packed.Append("""{"janus":"ping","transaction":"p""").Append(i).Append("\"}");
        }
        await ws.SendRawAsync(packed.ToString());
        JsonObject error = await ws.WaitForJanusAsync("error");
        Assert.Equal(454, error["error"]!["code"]!.GetValue<int>());

        // Up to the cap, every request of a message is answered in order.
        var fits = new StringBuilder();
        for (int i = 0; i < cap; i++)
        {
            fits.Append("""{"janus":"ping","transaction":"f""").Append(i).Append("\"}");
        }
        await ws.SendRawAsync(fits.ToString());
        for (int i = 0; i < cap; i++)
        {
            JsonObject pong = await ws.WaitForJanusAsync("pong");
            Assert.Equal("f" + i, pong["transaction"]!.GetValue<string>());
        }
        // None of the refused message's pings was answered: replies come in order, so by the time this one is
        // here any earlier one would have been received (and kept aside by the client).
        JsonObject last = await ws.RequestAsync(new JsonObject { ["janus"] = "ping", ["transaction"] = "last" });
        Assert.Equal("pong", last["janus"]!.GetValue<string>());
        Assert.DoesNotContain(ws.Unclaimed(), m => m["transaction"]?.GetValue<string>()?.StartsWith('p') == true);
    }
}
