using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Janus.Scripting.Api;
using Janus.Scripting.Hosting;

namespace Janus.Scripting.CSharp;

/// <summary>
/// One version of a plugin written against <see cref="ScriptPlugin"/> (a C# script or a compiled plugin), loaded in
/// its own collectible AssemblyLoadContext that is unloaded when the version goes away. C# cannot be interrupted:
/// an overlong call has its token cancelled and is reported; exceptions become <see cref="ScriptException"/>.
/// </summary>
internal sealed class ScriptPluginInstance : IScriptInstance
{
    private readonly ScriptPlugin _plugin;
    private readonly Action _unload;
    private CancellationTokenSource _call = new();
    private bool _disposed;

    public ScriptPluginInstance(ScriptPlugin plugin, string language, string file, ScriptHostApi api, Action unload)
    {
        _plugin = plugin;
        _unload = unload;
        Language = language;
        File = file;
        plugin.Bind(api);
        Features = DetectFeatures(plugin.GetType());
        Info = Guard(() => new ScriptInfo(plugin.GetPackage(), plugin.GetName(), plugin.GetDescription(), plugin.GetAuthor(), plugin.GetVersion(), plugin.GetVersionString()));
    }

    public string Language { get; }
    public string File { get; }
    public ScriptInfo Info { get; }
    public ScriptFeatures Features { get; }
    public bool InterruptsOverlongCalls => false;

    /// <summary>The plugin object (tests use it to find its load context).</summary>
    internal ScriptPlugin Plugin => _plugin;

    public void CancelCurrentCall() => _call.Cancel();

    public void Init(string? configArgument) => Guard(() => _plugin.Init(configArgument));
    public void Destroy() => Guard(() => _plugin.Destroy());
    public void CreateSession(long id) => Guard(() => _plugin.CreateSession(id));
    public void DestroySession(long id) => Guard(() => _plugin.DestroySession(id));
    public string? QuerySession(long id) => Guard(() => _plugin.QuerySession(id)?.ToJsonString());

    public ScriptMessageResult HandleMessage(long id, string transaction, string message, string? jsep)
    {
        JsonObject body = ParseObject(message) ?? [];
        JsonObject? jsepObject = jsep is null ? null : ParseObject(jsep);
        ScriptReply reply = Guard(() => _plugin.HandleMessage(id, transaction, body, jsepObject));
        return reply.Code < 0 ? ScriptMessageResult.Error(reply.Text ?? "Plugin error")
            : reply.Code == 0 ? ScriptMessageResult.Sync(reply.Content?.ToJsonString() ?? "{}")
            : ScriptMessageResult.Async(reply.Text);
    }

    public string? HandleAdminMessage(string message) =>
        Guard(() => _plugin.HandleAdminMessage(ParseObject(message) ?? [])?.ToJsonString());

    public void SetupMedia(long id) => Guard(() => _plugin.SetupMedia(id));
    public void HangupMedia(long id) => Guard(() => _plugin.HangupMedia(id));

    public void IncomingRtp(long id, bool video, ReadOnlySpan<byte> buffer)
    {
        byte[] copy = buffer.ToArray();
        Guard(() => _plugin.IncomingRtp(id, video, copy));
    }

    public void IncomingRtcp(long id, bool video, ReadOnlySpan<byte> buffer)
    {
        byte[] copy = buffer.ToArray();
        Guard(() => _plugin.IncomingRtcp(id, video, copy));
    }

    public void IncomingTextData(long id, string text, string? label, string? protocol) => Guard(() => _plugin.IncomingTextData(id, text, label, protocol));

    public void IncomingBinaryData(long id, ReadOnlySpan<byte> data, string? label, string? protocol)
    {
        byte[] copy = data.ToArray();
        Guard(() => _plugin.IncomingBinaryData(id, copy, label, protocol));
    }

    public void DataReady(long id) => Guard(() => _plugin.DataReady(id));
    public void SlowLink(long id, bool uplink, bool video) => Guard(() => _plugin.SlowLink(id, uplink, video));
    public void SubstreamChanged(long id, int substream) => Guard(() => _plugin.SubstreamChanged(id, substream));
    public void TemporalLayerChanged(long id, int layer) => Guard(() => _plugin.TemporalLayerChanged(id, layer));
    public void SpatialLayerChanged(long id, int layer) => Guard(() => _plugin.SpatialLayerChanged(id, layer));
    public void ResumeScheduler() => Guard(() => _plugin.ResumeScheduler());

    public void TimeCallback(string function, string? argument)
    {
        MethodInfo? method = _plugin.GetType().GetMethod(function, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, [typeof(string)]);
        if (method is null)
        {
            throw new ScriptException($"timeCallback: the plugin has no method {function}(string)", File);
        }

        Guard(() => method.Invoke(_plugin, [argument]));
    }

    public string? ExportState() => Guard(() => _plugin.ExportState()?.ToJsonString());

    public void ImportState(string? state) => Guard(() => _plugin.ImportState(state is null ? null : JsonNode.Parse(state)));

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _plugin.Bind(null!);
        _call.Dispose();
        _unload();
    }

    private static ScriptFeatures DetectFeatures(Type type)
    {
        ScriptFeatures features = ScriptFeatures.None;
        if (Overrides(type, nameof(ScriptPlugin.IncomingRtp))) features |= ScriptFeatures.IncomingRtp;
        if (Overrides(type, nameof(ScriptPlugin.IncomingRtcp))) features |= ScriptFeatures.IncomingRtcp;
        if (Overrides(type, nameof(ScriptPlugin.IncomingTextData))) features |= ScriptFeatures.IncomingTextData;
        if (Overrides(type, nameof(ScriptPlugin.IncomingBinaryData))) features |= ScriptFeatures.IncomingBinaryData;
        if (Overrides(type, nameof(ScriptPlugin.HandleAdminMessage))) features |= ScriptFeatures.HandleAdminMessage;
        if (Overrides(type, nameof(ScriptPlugin.DataReady))) features |= ScriptFeatures.DataReady;
        if (Overrides(type, nameof(ScriptPlugin.SlowLink))) features |= ScriptFeatures.SlowLink;
        if (Overrides(type, nameof(ScriptPlugin.ExportState))) features |= ScriptFeatures.ExportState;
        if (Overrides(type, nameof(ScriptPlugin.ImportState))) features |= ScriptFeatures.ImportState;
        if (Overrides(type, nameof(ScriptPlugin.SubstreamChanged))) features |= ScriptFeatures.SubstreamChanged;
        if (Overrides(type, nameof(ScriptPlugin.TemporalLayerChanged))) features |= ScriptFeatures.TemporalLayerChanged;
        if (Overrides(type, nameof(ScriptPlugin.SpatialLayerChanged))) features |= ScriptFeatures.SpatialLayerChanged;
        return features;
    }

    private static bool Overrides(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Instance | BindingFlags.Public)?.DeclaringType != typeof(ScriptPlugin);

    private static JsonObject? ParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Guard(Action action) => Guard(() =>
    {
        action();
        return true;
    });

    private T Guard<T>(Func<T> action)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_call.IsCancellationRequested)
        {
            _call.Dispose();
            _call = new CancellationTokenSource();
        }

        _plugin.SetCallToken(_call.Token);
        try
        {
            return action();
        }
        catch (Exception e) when (e is not ScriptException)
        {
            Exception cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            if (cause is OperationCanceledException && _call.IsCancellationRequested)
            {
                throw new ScriptTimeoutException("call exceeded the time limit and was cancelled", File);
            }

            if (cause is ScriptApiException api)
            {
                throw new ScriptException(api.Message, File, LineOf(cause), cause);
            }

            throw new ScriptException($"{cause.GetType().Name}: {cause.Message}", File, LineOf(cause), cause);
        }
    }

    /// <summary>The line in the plugin's own file where the exception was thrown, from the portable PDB.</summary>
    private int LineOf(Exception e)
    {
        var trace = new StackTrace(e, true);
        foreach (StackFrame frame in trace.GetFrames())
        {
            string? file = frame.GetFileName();
            if (file is not null && string.Equals(Path.GetFileName(file), Path.GetFileName(File), StringComparison.Ordinal))
            {
                return frame.GetFileLineNumber();
            }
        }

        return 0;
    }
}
