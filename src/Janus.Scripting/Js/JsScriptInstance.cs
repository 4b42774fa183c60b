using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Janus.Scripting.Hosting;

namespace Janus.Scripting.Js;

/// <summary>
/// One version of a JavaScript plugin: its own Jint engine with no CLR access (Jint's default: no AllowClr, so no
/// System, importNamespace or host types), the server API as plain functions, Jint's time and memory constraints
/// per call. Janus's Duktape conventions: handleMessage returns a negative number (error), a positive number
/// (answered later) or a JSON string (answered now).
/// </summary>
internal sealed partial class JsScriptInstance : IScriptInstance
{
    private readonly Engine _engine;
    private readonly ScriptHostApi _api;
    private readonly ScriptLimits _limits;
    private readonly string _modulesFolder;
    private bool _disposed;

    private JsScriptInstance(string file, ScriptHostApi api, ScriptLimits limits)
    {
        File = file;
        _api = api;
        _limits = limits;
        _modulesFolder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "lib");
        _engine = new Engine(options =>
        {
            options.TimeoutInterval(limits.CallTimeout);
            options.LimitMemory(limits.MemoryLimitBytes);
            options.LimitRecursion(1024);
        });
    }

    public string Language => "js";
    public string File { get; }
    public ScriptInfo Info { get; private set; } = new(null, null, null, null, null, null);
    public ScriptFeatures Features { get; private set; }
    public bool InterruptsOverlongCalls => true;

    public static JsScriptInstance Load(string file, ScriptHostApi api, ScriptLimits limits)
    {
        string source = System.IO.File.ReadAllText(file);
        var instance = new JsScriptInstance(file, api, limits);
        try
        {
            instance.InstallApi();
            instance.Guard(() => instance._engine.Execute(source, file));
            instance.Features = instance.DetectFeatures();
            instance.Info = new ScriptInfo(
                instance.CallString("getPackage"),
                instance.CallString("getName"),
                instance.CallString("getDescription"),
                instance.CallString("getAuthor"),
                instance.CallNumber("getVersion"),
                instance.CallString("getVersionString"));
            return instance;
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }

    public void CancelCurrentCall()
    {
    }

    public void Init(string? configArgument)
    {
        Guard(() => _engine.SetValue("janusConfig", new JsonParser(_engine).Parse(_api.ConfigJson)));
        if (!IsFunction("init"))
        {
            throw new ScriptException("the script defines no init function", File);
        }

        Call("init", Str(configArgument));
    }

    public void Destroy() => CallIfDefined("destroy");

    public void CreateSession(long id) => CallIfDefined("createSession", id);

    public void DestroySession(long id) => CallIfDefined("destroySession", id);

    public string? QuerySession(long id) => JsonText(CallIfDefined("querySession", id));

    public ScriptMessageResult HandleMessage(long id, string transaction, string message, string? jsep)
    {
        if (!IsFunction("handleMessage"))
        {
            return ScriptMessageResult.Error("the script defines no handleMessage function");
        }

        JsValue result = Call("handleMessage", id, transaction, message, Str(jsep));
        if (result.IsNumber())
        {
            double code = result.AsNumber();
            return code < 0 ? ScriptMessageResult.Error($"JavaScript error (code {code})")
                : code > 0 ? ScriptMessageResult.Async()
                : ScriptMessageResult.Sync("{}");
        }

        string? text = JsonText(result);
        return text is null ? ScriptMessageResult.Error("handleMessage returned nothing") : ScriptMessageResult.Sync(text);
    }

    public string? HandleAdminMessage(string message) => JsonText(CallIfDefined("handleAdminMessage", message));

    public void SetupMedia(long id) => CallIfDefined("setupMedia", id);

    public void HangupMedia(long id) => CallIfDefined("hangupMedia", id);

    public void IncomingRtp(long id, bool video, ReadOnlySpan<byte> buffer) =>
        CallIfDefined("incomingRtp", id, video, Bytes(buffer), buffer.Length);

    public void IncomingRtcp(long id, bool video, ReadOnlySpan<byte> buffer) =>
        CallIfDefined("incomingRtcp", id, video, Bytes(buffer), buffer.Length);

    public void IncomingTextData(long id, string text, string? label, string? protocol) =>
        CallIfDefined("incomingTextData", id, text, Encoding.UTF8.GetByteCount(text), Str(label), Str(protocol));

    public void IncomingBinaryData(long id, ReadOnlySpan<byte> data, string? label, string? protocol) =>
        CallIfDefined("incomingBinaryData", id, Bytes(data), data.Length, Str(label), Str(protocol));

    public void DataReady(long id) => CallIfDefined("dataReady", id);

    public void SlowLink(long id, bool uplink, bool video) => CallIfDefined("slowLink", id, uplink, video);

    public void SubstreamChanged(long id, int substream) => CallIfDefined("substreamChanged", id, substream);

    public void TemporalLayerChanged(long id, int layer) => CallIfDefined("temporalLayerChanged", id, layer);
    public void SpatialLayerChanged(long id, int layer) => CallIfDefined("spatialLayerChanged", id, layer);

    public void ResumeScheduler() => CallIfDefined("resumeScheduler");

    public void TimeCallback(string function, string? argument)
    {
        if (!IsFunction(function))
        {
            throw new ScriptException($"timeCallback: the script defines no function '{function}'", File);
        }

        Call(function, Str(argument));
    }

    public string? ExportState() => JsonText(CallIfDefined("exportState"));

    public void ImportState(string? state) => CallIfDefined("importState", Str(state));

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _engine.Dispose();
        }
    }

    private ScriptFeatures DetectFeatures()
    {
        ScriptFeatures features = ScriptFeatures.None;
        if (IsFunction("incomingRtp")) features |= ScriptFeatures.IncomingRtp;
        if (IsFunction("incomingRtcp")) features |= ScriptFeatures.IncomingRtcp;
        if (IsFunction("incomingTextData")) features |= ScriptFeatures.IncomingTextData;
        if (IsFunction("incomingBinaryData")) features |= ScriptFeatures.IncomingBinaryData;
        if (IsFunction("handleAdminMessage")) features |= ScriptFeatures.HandleAdminMessage;
        if (IsFunction("dataReady")) features |= ScriptFeatures.DataReady;
        if (IsFunction("slowLink")) features |= ScriptFeatures.SlowLink;
        if (IsFunction("exportState")) features |= ScriptFeatures.ExportState;
        if (IsFunction("importState")) features |= ScriptFeatures.ImportState;
        if (IsFunction("substreamChanged")) features |= ScriptFeatures.SubstreamChanged;
        if (IsFunction("temporalLayerChanged")) features |= ScriptFeatures.TemporalLayerChanged;
        if (IsFunction("spatialLayerChanged")) features |= ScriptFeatures.SpatialLayerChanged;
        return features;
    }

    private bool IsFunction(string name) => _engine.GetValue(name) is Jint.Native.Function.Function;

    private JsValue CallIfDefined(string function, params object?[] arguments) =>
        IsFunction(function) ? Call(function, arguments) : JsValue.Undefined;

    private JsValue Call(string function, params object?[] arguments)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var values = new JsValue[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            values[i] = arguments[i] switch
            {
                null => JsValue.Null,
                JsValue value => value,
                string text => new JsString(text),
                long number => new JsNumber(number),
                int number => new JsNumber(number),
                bool flag => flag ? JsBoolean.True : JsBoolean.False,
                _ => throw new ArgumentException("unsupported argument type"),
            };
        }

        JsValue callee = _engine.GetValue(function);
        return Guard(() => _engine.Invoke(callee, JsValue.Undefined, values));
    }

    private string? CallString(string function)
    {
        JsValue value = CallIfDefined(function);
        return value.IsString() || value.IsNumber() ? value.ToString() : null;
    }

    private int? CallNumber(string function)
    {
        JsValue value = CallIfDefined(function);
        return value.IsNumber() ? (int)value.AsNumber() : null;
    }

    /// <summary>A result meant as JSON: a string is JSON text already, an object is serialised.</summary>
    private string? JsonText(JsValue value)
    {
        if (value.IsUndefined() || value.IsNull())
        {
            return null;
        }

        if (value.IsString())
        {
            return value.AsString();
        }

        return Guard(() => new JsonSerializer(_engine).Serialize(value)).ToString();
    }

    private static JsValue Str(string? value) => value is null ? JsValue.Null : new JsString(value);

    private void Guard(Action action) => Guard(() =>
    {
        action();
        return JsValue.Undefined;
    });

    /// <summary>Runs engine work under fresh limits and turns every way it can fail into a <see cref="ScriptException"/>.</summary>
    private JsValue Guard(Func<JsValue> action)
    {
        _engine.Constraints.Reset();
        try
        {
            return action();
        }
        catch (JavaScriptException e)
        {
            int line = e.Location.Start.Line;
            string? source = string.IsNullOrEmpty(e.Location.SourceFile) ? File : e.Location.SourceFile;
            throw new ScriptException(e.Message, source, line, e);
        }
        catch (Acornima.ParseErrorException e)
        {
            throw new ScriptException("syntax error: " + e.Description, File, e.LineNumber, e);
        }
        catch (TimeoutException)
        {
            throw new ScriptTimeoutException($"call exceeded the time limit of {_limits.CallTimeout.TotalMilliseconds:0} ms", File);
        }
        catch (MemoryLimitExceededException)
        {
            throw new ScriptMemoryException($"call exceeded the memory limit of {_limits.MemoryLimitBytes / (1024 * 1024)} MB", File);
        }
        catch (JintException e)
        {
            throw new ScriptException(e.Message, File, 0, e);
        }
    }
}
