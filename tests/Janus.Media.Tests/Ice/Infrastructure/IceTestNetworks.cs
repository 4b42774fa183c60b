using System.Collections.Concurrent;
using System.Net;
using Janus.Core.Configuration;
using Janus.Media.Ice;
using Janus.Media.Ice.Candidates;
using Janus.Media.Net;

namespace Janus.Media.Tests.Ice.Infrastructure;

/// <summary>Loopback-only networks with short timers, and helpers to wire two agents together.</summary>
internal static class IceTestNetworks
{
    public static readonly IHostInterfaceSource LoopbackOnly = new FixedInterfaces(new HostInterface("lo", new[] { IPAddress.Loopback }, true));

    public static IceTimings FastTimings(TimeSpan? consentInterval = null, TimeSpan? consentTimeout = null) => new()
    {
        CheckInterval = TimeSpan.FromMilliseconds(10),
        CheckRto = TimeSpan.FromMilliseconds(50),
        CheckAttempts = 5,
        NominationDelay = TimeSpan.FromMilliseconds(50),
        CheckingTimeout = TimeSpan.FromSeconds(10),
        ConsentInterval = consentInterval ?? TimeSpan.FromMilliseconds(100),
        DisconnectedTimeout = (consentTimeout ?? TimeSpan.FromSeconds(5)) / 2,
        ConsentTimeout = consentTimeout ?? TimeSpan.FromSeconds(5),
        StunServerRto = TimeSpan.FromMilliseconds(50),
        IdleTick = TimeSpan.FromMilliseconds(20),
    };

    public static IceNetwork Create(Action<MediaOptions>? configure = null, IceTimings? timings = null)
    {
        var options = new MediaOptions { AllowLoopback = true };
        configure?.Invoke(options);
        return new IceNetwork(options, timings ?? FastTimings(), LoopbackOnly);
    }

    /// <summary>Exchanges credentials and candidates the way signalling would, then starts both.</summary>
    public static void Connect(IceAgent a, IceAgent b)
    {
        a.SetRemoteCredentials(b.LocalCredentials.Ufrag, b.LocalCredentials.Password);
        b.SetRemoteCredentials(a.LocalCredentials.Ufrag, a.LocalCredentials.Password);
        foreach (IceCandidate c in b.GetLocalCandidates())
        {
            Assert.True(a.AddRemoteCandidate(c.ToSdpAttribute()));
        }
        foreach (IceCandidate c in a.GetLocalCandidates())
        {
            Assert.True(b.AddRemoteCandidate(c.ToSdpAttribute()));
        }
        a.RemoteCandidatesComplete();
        b.RemoteCandidatesComplete();
        a.Start();
        b.Start();
    }

    public static async Task WaitUntil(Func<bool> condition, string what, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }
            await Task.Delay(10);
        }
    }

    private sealed class FixedInterfaces(params HostInterface[] interfaces) : IHostInterfaceSource
    {
        public IReadOnlyList<HostInterface> GetInterfaces() => interfaces;
    }
}

/// <summary>Keeps a copy of every datagram the agent hands over.</summary>
internal sealed class RecordingSink : IIceDatagramSink
{
    public ConcurrentQueue<(DatagramKind Kind, byte[] Data, IceCandidatePair Pair)> Received { get; } = new();

    public void OnDatagram(DatagramKind kind, Span<byte> datagram, IceCandidatePair pair) => Received.Enqueue((kind, datagram.ToArray(), pair));
}
