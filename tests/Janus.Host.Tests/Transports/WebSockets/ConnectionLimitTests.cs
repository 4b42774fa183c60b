using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Janus.Core.Configuration;
using Janus.Host.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Janus.Host.Tests.Transports.WebSockets;

/// <summary>
/// One client cannot hold WebSocket connections for ever (issue 12: 3000 connections each stalled inside a frame stayed
/// open): a handshake deadline, an idle / partial-frame timeout, and a cap per remote address. Time is a fake clock.
/// </summary>
public sealed class ConnectionLimitTests
{
    private static readonly TimeSpan Idle = WebSocketTransportOptions.DefaultIdleTimeout;

    private static async Task<(JanusServer Server, FakeTimeProvider Time)> StartAsync(Action<ServerOptions>? configure = null)
    {
        var time = new FakeTimeProvider();
        (JanusServer server, _) = await TestServer.StartAsync(configure, new JanusServerSettings
        {
            LongPollTimeout = TimeSpan.FromSeconds(2),
            SessionWatchdogInterval = TimeSpan.FromMilliseconds(100),
            Time = time,
        });
        return (server, time);
    }

    private static async Task<NetworkStream> ConnectRawAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>A hand-made upgrade, so the test can then send a frame no WebSocket library would.</summary>
    private static async Task UpgradeAsync(NetworkStream stream)
    {
        string request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: janus-protocol\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            Assert.Equal(1, await stream.ReadAsync(one));
            head.Append((char)one[0]);
        }
        Assert.StartsWith("HTTP/1.1 101", head.ToString());
    }

    /// <summary>
    /// Advances the fake clock by <paramref name="step"/> until the server closes <paramref name="stream"/> or a
    /// deadline passes (the server may arm its timer just after a given advance, so one step may not be enough).
    /// </summary>
    private static async Task<bool> AdvanceUntilClosedAsync(FakeTimeProvider time, TimeSpan step, NetworkStream stream)
    {
        Task<int> read = stream.ReadAsync(new byte[64]).AsTask();
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            time.Advance(step);
            if (await Task.WhenAny(read, Task.Delay(100)) == read)
            {
                try
                {
                    return await read == 0;
                }
                catch (IOException)
                {
                    return true;
                }
            }
        }
        return false;
    }

    [Fact]
    public async Task Connection_that_does_not_finish_its_handshake_in_time_is_dropped()
    {
        TimeSpan handshake = TimeSpan.FromSeconds(5);
        (JanusServer server, FakeTimeProvider time) = await StartAsync(o => o.WebSockets.HandshakeTimeout = handshake);
        await using (server)
        {
            using NetworkStream stream = await ConnectRawAsync(server.WebSocketPort);
            await stream.WriteAsync("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"u8.ToArray()); // and never the blank line
            await TestServer.WaitUntilAsync(() => server.WebSockets.ConnectionsFrom(IPAddress.Loopback) == 1);

            time.Advance(handshake - TimeSpan.FromSeconds(1));
            Assert.Equal(0, server.WebSockets.ClosedInHandshake);
            Assert.True(await AdvanceUntilClosedAsync(time, TimeSpan.FromSeconds(1), stream));
            Assert.Equal(1, server.WebSockets.ClosedInHandshake);
            await TestServer.WaitUntilAsync(() => server.WebSockets.ConnectionsFrom(IPAddress.Loopback) == 0);
        }
    }

    [Fact]
    public async Task Completed_handshake_is_not_subject_to_the_handshake_deadline()
    {
        TimeSpan handshake = TimeSpan.FromSeconds(5);
        (JanusServer server, FakeTimeProvider time) = await StartAsync(o => o.WebSockets.HandshakeTimeout = handshake);
        await using (server)
        {
            await using JanusWsClient ws = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            time.Advance(handshake * 2);
            JsonObject pong = await ws.RequestAsync(new JsonObject { ["janus"] = "ping" });
            Assert.Equal("pong", pong["janus"]!.GetValue<string>());
            Assert.Equal(0, server.WebSockets.ClosedInHandshake);
        }
    }

    [Fact]
    public async Task Frame_that_stalls_after_announcing_a_huge_length_is_closed_after_the_idle_timeout()
    {
        (JanusServer server, FakeTimeProvider time) = await StartAsync();
        await using (server)
        {
            using NetworkStream stream = await ConnectRawAsync(server.WebSocketPort);
            await UpgradeAsync(stream);
            await TestServer.WaitUntilAsync(() => server.WebSockets.Connections == 1);
            // FIN + text, masked, 64-bit length 2^62, mask key, then one byte of the payload.
            byte[] partial = [0x81, 0xFF, 0x40, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, (byte)'{'];
            await stream.WriteAsync(partial);

            Assert.True(await AdvanceUntilClosedAsync(time, Idle, stream));
            // The socket closes as the receive is cancelled, a moment before the server counts it.
            await TestServer.WaitUntilAsync(() => server.WebSockets.ClosedIdle == 1);
            await TestServer.WaitUntilAsync(() => server.WebSockets.Connections == 0);
        }
    }

    [Fact]
    public async Task Silent_client_is_closed_after_the_idle_timeout()
    {
        (JanusServer server, FakeTimeProvider time) = await StartAsync();
        await using (server)
        {
            await using JanusWsClient ws = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            await TestServer.WaitUntilAsync(() => server.WebSockets.Connections == 1);
            DateTime deadline = DateTime.UtcNow.AddSeconds(10);
            while (ws.State == WebSocketState.Open && DateTime.UtcNow < deadline)
            {
                time.Advance(Idle);
                await Task.Delay(50);
            }
            Assert.NotEqual(WebSocketState.Open, ws.State);
            await TestServer.WaitUntilAsync(() => server.WebSockets.ClosedIdle == 1);
        }
    }

    [Fact]
    public async Task Client_that_sends_a_message_within_each_idle_period_stays_open()
    {
        (JanusServer server, FakeTimeProvider time) = await StartAsync();
        await using (server)
        {
            await using JanusWsClient ws = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            // A third of the timeout per step: even if the server re-arms its clock a step late, it never expires.
            for (int i = 0; i < 9; i++)
            {
                time.Advance(Idle / 3);
                JsonObject pong = await ws.RequestAsync(new JsonObject { ["janus"] = "ping" });
                Assert.Equal("pong", pong["janus"]!.GetValue<string>());
            }
            Assert.Equal(WebSocketState.Open, ws.State);
            Assert.Equal(0, server.WebSockets.ClosedIdle);
        }
    }

    [Fact]
    public async Task Connections_past_the_cap_per_address_are_refused_until_one_closes()
    {
        (JanusServer server, _) = await StartAsync(o => o.WebSockets.MaxConnectionsPerAddress = 2);
        await using (server)
        {
            // API and admin connections count together.
            JanusWsClient api = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            await using JanusWsClient admin = await JanusWsClient.ConnectAsync(server.AdminWebSocketPort, "janus-admin-protocol");
            await Assert.ThrowsAsync<WebSocketException>(() => JanusWsClient.ConnectAsync(server.WebSocketPort));
            Assert.Equal(1, server.WebSockets.RefusedOverAddressCap);

            await api.DisposeAsync();
            await TestServer.WaitUntilAsync(() => server.WebSockets.ConnectionsFrom(IPAddress.Loopback) == 1);
            await using JanusWsClient again = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            JsonObject pong = await again.RequestAsync(new JsonObject { ["janus"] = "ping" });
            Assert.Equal("pong", pong["janus"]!.GetValue<string>());
        }
    }
}
