using System.Net;
using Janus.Media.Ice;
using Janus.Media.Tests.Ice.Infrastructure;

namespace Janus.Media.Tests.Ice;

public sealed class NetworkDiagnosticsTests
{
    private static readonly IceTimings Quick = new() { StunServerAttempts = 2, StunServerRto = TimeSpan.FromMilliseconds(100) };

    [Fact]
    public async Task A_stun_server_on_loopback_tells_the_mapped_address_of_the_local_port()
    {
        using var stun = new TinyStunServer(IPAddress.Parse("203.0.113.5"));
        // Default retransmissions (250 ms doubling, 4 attempts): a loaded machine must not make this fail.
        IPEndPoint? mapped = await NetworkDiagnostics.TestStunAsync(new IPEndPoint(IPAddress.Loopback, stun.Port), 0, new IceTimings());
        Assert.NotNull(mapped);
        Assert.Equal(IPAddress.Parse("203.0.113.5"), mapped.Address);
        Assert.True(stun.Requests >= 1);
    }

    [Fact]
    public async Task A_server_that_never_answers_gives_null_after_the_retransmissions()
    {
        // A bound socket that reads nothing: the requests reach it and nobody answers.
        using var silent = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.Null(await NetworkDiagnostics.TestStunAsync((IPEndPoint)silent.LocalEndPoint!, 0, Quick));
    }

    [Fact]
    public async Task Address_literals_and_localhost_resolve_without_asking_anyone_else()
    {
        Assert.Equal(IPAddress.Parse("10.1.2.3"), await NetworkDiagnostics.ResolveAsync("10.1.2.3"));
        IPAddress? localhost = await NetworkDiagnostics.ResolveAsync("localhost");
        Assert.NotNull(localhost);
        Assert.True(IPAddress.IsLoopback(localhost));
    }
}
