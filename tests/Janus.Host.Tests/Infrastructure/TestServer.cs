using Janus.Core.Configuration;
using Janus.Core.Media;

namespace Janus.Host.Tests.Infrastructure;

/// <summary>Starts a JanusServer on 127.0.0.1 with ports chosen by the OS and the test plugin loaded.</summary>
internal static class TestServer
{
    public static async Task<(JanusServer Server, TestEchoPlugin Plugin)> StartAsync(
        Action<ServerOptions>? configure = null, JanusServerSettings? settings = null, IMediaEngine? media = null)
    {
        var options = new ServerOptions { AdminSecret = "janusoverlord" };
        options.Http.Ip = "127.0.0.1";
        options.Http.AdminEnabled = true;
        options.Http.AdminIp = "127.0.0.1";
        options.Http.Port = 0;
        options.Http.AdminPort = 0;
        options.WebSockets.Ip = "127.0.0.1";
        options.WebSockets.AdminEnabled = true;
        options.WebSockets.AdminIp = "127.0.0.1";
        options.WebSockets.Port = 0;
        options.WebSockets.AdminPort = 0;
        configure?.Invoke(options);
        var plugin = new TestEchoPlugin();
        JanusServer server = await JanusServer.StartAsync(options, [plugin], media,
            settings ?? new JanusServerSettings { LongPollTimeout = TimeSpan.FromSeconds(2), SessionWatchdogInterval = TimeSpan.FromMilliseconds(100) });
        return (server, plugin);
    }

    public static async Task WaitUntilAsync(Func<bool> condition, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Condition not met in time");
            }
            await Task.Delay(20);
        }
    }
}
