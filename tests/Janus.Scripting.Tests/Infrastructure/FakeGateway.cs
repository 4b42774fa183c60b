using System.Text.Json.Nodes;
using Janus.Core.Plugins;

namespace Janus.Scripting.Tests.Infrastructure;

/// <summary>Records every call a plugin makes on the server.</summary>
internal sealed class FakeGateway : IPluginGateway
{
    private readonly object _gate = new();

    public List<(PluginHandle Handle, string? Transaction, JsonObject Message, JsonObject? Jsep)> Events { get; } = [];
    public List<(PluginHandle Handle, bool Video, byte[] Data, int MIndex)> Rtp { get; } = [];
    public List<(PluginHandle Handle, byte[] Data)> Rtcp { get; } = [];
    public List<(PluginHandle Handle, bool Binary, byte[] Data, string? Label)> Data { get; } = [];
    public List<PluginHandle> Plis { get; } = [];
    public List<(PluginHandle Handle, uint Bitrate)> Rembs { get; } = [];
    public List<PluginHandle> ClosedPcs { get; } = [];
    public List<PluginHandle> EndedSessions { get; } = [];
    public List<(string Plugin, PluginHandle? Handle, JsonObject Event)> Notified { get; } = [];
    public int RtpCount;

    public bool EventsIsEnabled { get; set; } = true;
    public bool AuthIsSigned => false;

    /// <summary>When false, relayed RTP is only counted (for load tests).</summary>
    public bool KeepRtp { get; set; } = true;

    /// <summary>For each event, whether it was pushed from inside a script's handleMessage (before the request was answered).</summary>
    public List<bool> PushedInsideHandleMessage { get; } = [];

    public int PushEvent(PluginHandle handle, string? transaction, JsonObject message, JsonObject? jsep)
    {
        bool inside = new System.Diagnostics.StackTrace().GetFrames().Any(f =>
            f.GetMethod() is { Name: nameof(Janus.Scripting.Hosting.IScriptInstance.HandleMessage) } method
            && typeof(Janus.Scripting.Hosting.IScriptInstance).IsAssignableFrom(method.DeclaringType));
        lock (_gate)
        {
            PushedInsideHandleMessage.Add(inside);
            Events.Add((handle, transaction, message, jsep));
            Monitor.PulseAll(_gate);
        }

        return 0;
    }

    public void RelayRtp(PluginHandle handle, RtpPacket packet)
    {
        Interlocked.Increment(ref RtpCount);
        if (KeepRtp)
        {
            lock (_gate)
            {
                Rtp.Add((handle, packet.Video, packet.Buffer.ToArray(), packet.MIndex));
            }
        }
    }

    public void RelayRtcp(PluginHandle handle, RtcpPacket packet)
    {
        lock (_gate)
        {
            Rtcp.Add((handle, packet.Buffer.ToArray()));
        }
    }

    public void RelayData(PluginHandle handle, DataPacket packet)
    {
        lock (_gate)
        {
            Data.Add((handle, packet.Binary, packet.Buffer.ToArray(), packet.Label));
            Monitor.PulseAll(_gate);
        }
    }

    public void SendPli(PluginHandle handle, int mindex = -1)
    {
        lock (_gate)
        {
            Plis.Add(handle);
        }
    }

    public void SendRemb(PluginHandle handle, uint bitrate)
    {
        lock (_gate)
        {
            Rembs.Add((handle, bitrate));
        }
    }

    public void ClosePc(PluginHandle handle)
    {
        lock (_gate)
        {
            ClosedPcs.Add(handle);
        }
    }

    public void EndSession(PluginHandle handle)
    {
        lock (_gate)
        {
            EndedSessions.Add(handle);
        }
    }

    public void NotifyEvent(string plugin, PluginHandle? handle, JsonObject evt)
    {
        lock (_gate)
        {
            Notified.Add((plugin, handle, evt));
        }
    }

    public bool AuthIsSignatureValid(string plugin, string token) => false;

    public bool AuthSignatureContains(string plugin, string token, string descriptor) => false;

    /// <summary>Waits until at least <paramref name="count"/> events were pushed.</summary>
    public void WaitForEvents(int count, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        lock (_gate)
        {
            while (Events.Count < count)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_gate, left))
                {
                    throw new TimeoutException($"expected {count} events, got {Events.Count}");
                }
            }
        }
    }

    public void WaitForData(int count, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        lock (_gate)
        {
            while (Data.Count < count)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_gate, left))
                {
                    throw new TimeoutException($"expected {count} data messages, got {Data.Count}");
                }
            }
        }
    }
}
