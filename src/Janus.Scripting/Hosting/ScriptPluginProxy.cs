using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Janus.Core.Logging;
using Janus.Core.Plugins;
using Janus.Media.Sdp;

namespace Janus.Scripting.Hosting;

/// <summary>
/// The one <see cref="IPlugin"/> the catalog knows for a script plugin, stable across reloads. It owns what must
/// outlive a version of the script (the session ids, the queue, the timers) and forwards calls to the current version
/// on the plugin's own thread. The media core relays packets along the routes the script sets on each handle's
/// media; packets reach the script only for the media it defines a callback for (incomingRtp, ...).
/// </summary>
internal sealed class ScriptPluginProxy : IPlugin
{
    private readonly PluginQueue _queue;
    private readonly ScriptPacketLane _packets;
    private Timer? _watchdog;
    private IScriptInstance? _watched;
    private long _watchStarted;
    private readonly ScriptLimits _limits;
    private IScriptInstance? _current;
    private volatile ScriptFeatures _features;

    public ScriptPluginProxy(string file, string language, ScriptLimits limits, ISdpAnswerer answerer)
    {
        File = file;
        Language = language;
        _limits = limits;
        _queue = new PluginQueue(Path.GetFileName(file), limits.QueueCapacity);
        _packets = new ScriptPacketLane(limits.QueueCapacity, _queue.Post, DeliverPacket);
        Api = new ScriptHostApi(this, answerer);
        Descriptor = DescriptorFor(new ScriptInfo(null, null, null, null, null, null));
    }

    public string File { get; }
    public string Language { get; }
    public ScriptHostApi Api { get; }
    public PluginDescriptor Descriptor { get; private set; }
    public PluginMediaInterest MediaInterest => InterestOf(_features);
    public IPluginGateway? Gateway { get; private set; }
    public PluginContext? Context { get; private set; }
    public ConcurrentDictionary<long, ScriptSession> Sessions { get; } = new();

    /// <summary>The version answering calls now (for tests and status).</summary>
    internal IScriptInstance? Current => Volatile.Read(ref _current);

    /// <summary>Makes <paramref name="instance"/> the first version; called once, before the catalog initialises the plugin.</summary>
    internal void Activate(IScriptInstance instance)
    {
        Volatile.Write(ref _current, instance);
        _features = instance.Features;
        Descriptor = DescriptorFor(instance.Info);
    }

    /// <summary>The package this file gives its plugin: the script's getPackage(), or janus.plugin. + the file's base name.</summary>
    internal string PackageFor(ScriptInfo info) =>
        string.IsNullOrWhiteSpace(info.Package) ? "janus.plugin." + Path.GetFileNameWithoutExtension(File) : info.Package;

    public async ValueTask InitAsync(IPluginGateway gateway, PluginContext context, CancellationToken cancellationToken = default)
    {
        Gateway = gateway;
        Context = context;
        try
        {
            await CallAsync(i =>
            {
                i.Init(Api.ConfigFile);
                return true;
            });
        }
        catch (ScriptException e)
        {
            throw new PluginException($"{Descriptor.Package}: init failed: {e.Describe()}");
        }
    }

    /// <summary>
    /// Hot reload: initialises <paramref name="next"/> beside the running version, then, on the plugin's queue, hands
    /// it the old version's state and makes it current. Calls queued after the swap are answered by the new version.
    /// Throws <see cref="ScriptException"/> (and the old version keeps running) if init or importState fails.
    /// </summary>
    internal async Task ReplaceAsync(IScriptInstance next)
    {
        next.Init(Api.ConfigFile);
        await _queue.RunAsync(() =>
        {
            IScriptInstance old = Current!;
            JsonNode? state = null;
            if ((old.Features & ScriptFeatures.ExportState) != 0)
            {
                try
                {
                    state = old.ExportState();
                }
                catch (ScriptException e)
                {
                    JanusLog.Warn($"[{Descriptor.Package}] exportState failed, the new version starts without state: {e.Describe()}");
                }
            }

            if ((next.Features & ScriptFeatures.ImportState) != 0)
            {
                next.ImportState(state);
            }
            else
            {
                // Without importState the new version learns the live sessions as if they had just attached.
                foreach (ScriptSession session in Sessions.Values)
                {
                    next.CreateSession(session.Id);
                    if (session.MediaUp)
                    {
                        next.SetupMedia(session.Id);
                    }
                }
            }

            Volatile.Write(ref _current, next);
            _features = next.Features;
            Descriptor = DescriptorFor(next.Info);
            try
            {
                old.Destroy();
            }
            catch (ScriptException e)
            {
                JanusLog.Warn($"[{Descriptor.Package}] destroy of the previous version failed: {e.Describe()}");
            }
            finally
            {
                old.Dispose();
            }
        });
    }

    public async ValueTask DestroyAsync()
    {
        Api.CancelTimers();
        try
        {
            if (Current is null)
            {
                // Never activated (a compiled plugin that turned out to be a raw IPlugin, or a failed first load):
                // there is no script to tell, only the queue and graph to free.
                return;
            }
            await CallAsync(i =>
            {
                i.Destroy();
                i.Dispose();
                return true;
            });
        }
        catch (ScriptException e)
        {
            JanusLog.Warn($"[{Descriptor.Package}] destroy failed: {e.Describe()}");
            Current?.Dispose();
        }
        finally
        {
            Volatile.Write(ref _current, null);
            _queue.Dispose();
            _watchdog?.Dispose();
        }
    }

    public async ValueTask CreateSessionAsync(PluginHandle handle)
    {
        ScriptSession session = NewSession(handle);
        try
        {
            await CallAsync(i =>
            {
                i.CreateSession(session.Id);
                return true;
            }, request: true);
        }
        catch (ScriptException e)
        {
            ForgetSession(session);
            throw new PluginException(e.Describe());
        }
    }

    public async ValueTask DestroySessionAsync(PluginHandle handle)
    {
        if (handle.PluginState is not ScriptSession session)
        {
            return;
        }

        try
        {
            await CallAsync(i =>
            {
                i.DestroySession(session.Id);
                return true;
            });
        }
        catch (ScriptException e)
        {
            JanusLog.Warn($"[{Descriptor.Package}] destroySession({session.Id}) failed: {e.Describe()}");
        }
        finally
        {
            ForgetSession(session);
        }
    }

    public async ValueTask<JsonObject?> QuerySessionAsync(PluginHandle handle)
    {
        if (handle.PluginState is not ScriptSession session)
        {
            return null;
        }

        try
        {
            return await CallAsync(i => i.QuerySession(session.Id), request: true);
        }
        catch (ScriptException e)
        {
            JanusLog.Warn($"[{Descriptor.Package}] querySession({session.Id}) failed: {e.Describe()}");
            return null;
        }
    }

    public async ValueTask<PluginResult> HandleMessageAsync(PluginHandle handle, string transaction, JsonObject? body, JsonObject? jsep)
    {
        if (handle.PluginState is not ScriptSession session)
        {
            return PluginResult.Error("No session associated with this handle");
        }

        // The core's objects are handed to the runtime as they are: Lua and JS build their own values from them, C#
        // gets them untouched (no text round trip).
        JsonObject message = body ?? [];
        if (IsE2ee(jsep))
        {
            session.E2ee = true;
        }
        ScriptMessageResult result;
        try
        {
            result = await CallAsync(i => i.HandleMessage(session.Id, transaction, message, jsep), request: true);
        }
        catch (PluginQueueFullException e)
        {
            // Not a script error: the queue has logged the overflow once; the client hears the plugin is busy.
            return PluginResult.Error(e.Message);
        }
        catch (ScriptException e)
        {
            // A script that failed is a fault of the server's plugin: logged as an error, answered 462 with where it failed.
            JanusLog.Error($"[{Descriptor.Package}] handleMessage: {e.Describe()}");
            return PluginResult.Error(e.Describe());
        }

        switch (result.Kind)
        {
            case ScriptMessageKind.Later:
                return PluginResult.OkWait(string.IsNullOrEmpty(result.Text) ? null : result.Text);
            case ScriptMessageKind.Reply:
                return PluginResult.Ok(result.Content ?? []);
            default:
                // A deliberate refusal is the client's problem, not the server's: no error in the log.
                string reason = result.Text ?? "Plugin error";
                JanusLog.Verbose($"[{Descriptor.Package}] handleMessage refused ({result.Code}): {reason}");
                return PluginResult.Error(reason, result.Code);
        }
    }

    public async ValueTask<JsonObject?> HandleAdminMessageAsync(JsonObject message)
    {
        if ((_features & ScriptFeatures.HandleAdminMessage) == 0)
        {
            return null;
        }

        try
        {
            return await CallAsync(i => i.HandleAdminMessage(message), request: true);
        }
        catch (ScriptException e)
        {
            JanusLog.Warn($"[{Descriptor.Package}] handleAdminMessage failed: {e.Describe()}");
            return new JsonObject { ["error"] = e.Describe() };
        }
    }

    public void SetupMedia(PluginHandle handle)
    {
        if (handle.PluginState is ScriptSession session)
        {
            session.MediaUp = true;
            long id = session.Id;
            PostToScript(i => i.SetupMedia(id));
        }
    }

    public void HangupMedia(PluginHandle handle)
    {
        if (handle.PluginState is ScriptSession session)
        {
            session.MediaUp = false;
            session.E2ee = false;
            long id = session.Id;
            PostToScript(i => i.HangupMedia(id));
        }
    }

    // Packets come here only for what the script takes (MediaInterest): it gets a copy on its own thread.
    public void IncomingRtp(PluginHandle handle, RtpPacket packet)
    {
        if (handle.PluginState is not ScriptSession session)
        {
            return;
        }

        _packets.TryEnqueue(ScriptPacketLane.Kind.Rtp, session.Id, packet.Video, packet.Buffer);
    }

    public void IncomingRtcp(PluginHandle handle, RtcpPacket packet)
    {
        if (handle.PluginState is not ScriptSession session)
        {
            return;
        }

        _packets.TryEnqueue(ScriptPacketLane.Kind.Rtcp, session.Id, packet.Video, packet.Buffer);
    }

    public void IncomingData(PluginHandle handle, DataPacket packet)
    {
        if (handle.PluginState is not ScriptSession session)
        {
            return;
        }

        long id = session.Id;
        string? label = packet.Label;
        string? protocol = packet.Protocol;
        if (packet.Binary)
        {
            _packets.TryEnqueue(ScriptPacketLane.Kind.Binary, id, false, packet.Buffer, label, protocol);
        }
        else
        {
            // Text reaches the script as a string in every language: that one allocation is the script's own.
            string text = Encoding.UTF8.GetString(packet.Buffer);
            PostPacketToScript(i => i.IncomingTextData(id, text, label, protocol));
        }
    }

    public void DataReady(PluginHandle handle)
    {
        if (handle.PluginState is ScriptSession session && (_features & ScriptFeatures.DataReady) != 0)
        {
            long id = session.Id;
            PostPacketToScript(i => i.DataReady(id));
        }
    }

    public void SlowLink(PluginHandle handle, int mindex, bool video, bool uplink)
    {
        if (handle.PluginState is ScriptSession session && (_features & ScriptFeatures.SlowLink) != 0)
        {
            long id = session.Id;
            PostPacketToScript(i => i.SlowLink(id, uplink, video));
        }
    }

    // From the relay, on a receive thread: the script hears about each switch on its own queue.
    public void VideoLayersChanged(PluginHandle handle, VideoLayerChange change, VideoLayerState layers)
    {
        if (handle.PluginState is not ScriptSession session)
        {
            return;
        }
        long id = session.Id;
        ScriptFeatures features = _features;
        if ((change & VideoLayerChange.Substream) != 0 && (features & ScriptFeatures.SubstreamChanged) != 0)
        {
            int substream = layers.Substream;
            PostPacketToScript(i => i.SubstreamChanged(id, substream));
        }
        if ((change & VideoLayerChange.SpatialLayer) != 0 && (features & ScriptFeatures.SpatialLayerChanged) != 0)
        {
            int spatial = layers.SpatialLayer;
            PostPacketToScript(i => i.SpatialLayerChanged(id, spatial));
        }
        if ((change & VideoLayerChange.TemporalLayer) != 0 && (features & ScriptFeatures.TemporalLayerChanged) != 0)
        {
            int temporal = layers.TemporalLayer;
            PostPacketToScript(i => i.TemporalLayerChanged(id, temporal));
        }
    }

    // A script takes the packets of a medium only if it defines that callback (Janus's Lua plugin checks the same).
    private static PluginMediaInterest InterestOf(ScriptFeatures features)
    {
        PluginMediaInterest interest = PluginMediaInterest.None;
        if ((features & ScriptFeatures.IncomingRtp) != 0)
        {
            interest |= PluginMediaInterest.Rtp;
        }
        if ((features & ScriptFeatures.IncomingRtcp) != 0)
        {
            interest |= PluginMediaInterest.Rtcp;
        }
        if ((features & ScriptFeatures.IncomingTextData) != 0)
        {
            interest |= PluginMediaInterest.TextData;
        }
        if ((features & ScriptFeatures.IncomingBinaryData) != 0)
        {
            interest |= PluginMediaInterest.BinaryData;
        }
        return interest;
    }

    /// <summary>Runs a lifecycle call nobody waits for on the plugin's queue (always queued), against whichever version is current then.</summary>
    internal void PostToScript(Action<IScriptInstance> call) => _queue.Post(() => RunPosted(call));

    /// <summary>As <see cref="PostToScript"/> for a packet, data message or media notice: dropped and counted when the queue is full.</summary>
    internal void PostPacketToScript(Action<IScriptInstance> call) => _queue.TryPost(() => RunPosted(call));

    /// <summary>Packets, data messages and media notices dropped because the plugin's queue was full.</summary>
    internal long DroppedPosts => _queue.Dropped + _packets.Dropped;

    private void RunPosted(Action<IScriptInstance> call)
    {
        IScriptInstance? instance = Current;
        if (instance is null)
        {
            return;
        }

        StartWatch(instance);
        try
        {
            call(instance);
        }
        catch (ScriptException e)
        {
            JanusLog.Error($"[{Descriptor.Package}] {e.Describe()}");
        }
        finally
        {
            StopWatch();
        }
    }

    // On the plugin's thread, from the packet lane: one packet to the current version, span valid during the call.
    private void DeliverPacket(ScriptPacketLane.Kind kind, long id, bool video, ReadOnlySpan<byte> data, string? label, string? protocol)
    {
        IScriptInstance? instance = Current;
        if (instance is null)
        {
            return;
        }

        StartWatch(instance);
        try
        {
            switch (kind)
            {
                case ScriptPacketLane.Kind.Rtp:
                    instance.IncomingRtp(id, video, data);
                    break;
                case ScriptPacketLane.Kind.Rtcp:
                    instance.IncomingRtcp(id, video, data);
                    break;
                default:
                    instance.IncomingBinaryData(id, data, label, protocol);
                    break;
            }
        }
        catch (ScriptException e)
        {
            JanusLog.Error($"[{Descriptor.Package}] {e.Describe()}");
        }
        finally
        {
            StopWatch();
        }
    }

    // One watchdog per plugin, armed around each posted call a runtime cannot interrupt itself (C#): no timer per call.
    private void StartWatch(IScriptInstance instance)
    {
        if (instance.InterruptsOverlongCalls)
        {
            return;
        }

        Volatile.Write(ref _watched, instance);
        Volatile.Write(ref _watchStarted, Environment.TickCount64);
        _watchdog ??= new Timer(static s => ((ScriptPluginProxy)s!).OnWatchdog(), this, Timeout.Infinite, Timeout.Infinite);
        _watchdog.Change(_limits.CallTimeout, Timeout.InfiniteTimeSpan);
    }

    private void StopWatch()
    {
        if (Volatile.Read(ref _watched) is null)
        {
            return;
        }

        Volatile.Write(ref _watched, null);
        _watchdog?.Change(Timeout.Infinite, Timeout.Infinite);
    }

    // A late fire (the call ended and another began) must not cancel the new call: check how long this one has run.
    private void OnWatchdog()
    {
        IScriptInstance? instance = Volatile.Read(ref _watched);
        long started = Volatile.Read(ref _watchStarted);
        if (instance is not null && Environment.TickCount64 - started >= (long)_limits.CallTimeout.TotalMilliseconds)
        {
            instance.CancelCurrentCall();
        }
    }

    /// <summary>
    /// Runs a call on the plugin's queue against the current version. Lua and JS stop an overlong call themselves;
    /// for C# the caller is answered with a timeout error at the limit and the script's token is cancelled.
    /// </summary>
    /// <param name="request">A client's request: refused with <see cref="PluginQueueFullException"/> when the queue is full, rather than queued.</param>
    private async Task<T> CallAsync<T>(Func<IScriptInstance, T> call, bool request = false)
    {
        IScriptInstance? target = null;
        Func<T> work = () =>
        {
            target = Current ?? throw new ScriptException("the plugin has been unloaded");
            return call(target);
        };
        Task<T> task = request ? _queue.TryRunAsync(work) : _queue.RunAsync(work);
        IScriptInstance? now = Current;
        if (now is null || now.InterruptsOverlongCalls || task.IsCompleted)
        {
            return await task.ConfigureAwait(false);
        }

        try
        {
            return await task.WaitAsync(_limits.CallTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            target?.CancelCurrentCall();
            _ = task.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            throw new ScriptTimeoutException($"call exceeded the time limit of {_limits.CallTimeout.TotalMilliseconds:0} ms", File);
        }
    }

    private ScriptSession NewSession(PluginHandle handle)
    {
        while (true)
        {
            // Janus's script plugins give scripts random 32-bit ids, not the 53-bit handle ids.
            long id = Random.Shared.Next(1, int.MaxValue);
            var session = new ScriptSession(id, handle);
            if (Sessions.TryAdd(id, session))
            {
                handle.PluginState = session;
                return session;
            }
        }
    }

    private void ForgetSession(ScriptSession session)
    {
        Sessions.TryRemove(session.Id, out _);
        if (ReferenceEquals(session.Handle.PluginState, session))
        {
            session.Handle.PluginState = null;
        }
    }

    private PluginDescriptor DescriptorFor(ScriptInfo info)
    {
        int version = info.Version ?? 1;
        string package = PackageFor(info);
        return new PluginDescriptor(
            package,
            info.Name ?? package,
            info.Description ?? "",
            info.Author ?? "",
            version,
            info.VersionString ?? version.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            Language = Language,
            File = File,
        };
    }

    /// <summary>Janus's script plugins take "e2ee": true in a JSEP, theirs or the peer's, to mean encrypted media.</summary>
    internal static bool IsE2ee(JsonObject? jsep) =>
        jsep?["e2ee"] is JsonValue value && value.TryGetValue(out bool e2ee) && e2ee;
}
