using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using Janus.Scripting.Hosting;

namespace Janus.Scripting.Js;

/// <summary>
/// One version of a JavaScript plugin: its own Jint engine with no CLR access (Jint's default: no AllowClr, so no
/// System, importNamespace or host types), the server API as plain functions, Jint's time and memory constraints
/// per call. JSON arrives as objects that also answer the string form (a hidden toString gives their JSON text, so
/// <c>JSON.parse(message)</c> in scripts written for Janus's Duktape plugin keeps working). handleMessage answers with
/// janus.reply(value), janus.later(hint) or janus.refuse(reason, code); Janus's Duktape conventions still hold: a
/// negative number (refused), a positive number (answered later), a JSON string or an object (answered now).
/// </summary>
internal sealed partial class JsScriptInstance : IScriptInstance
{
    private readonly Engine _engine;
    private readonly ScriptHostApi _api;
    private readonly ScriptLimits _limits;
    private readonly string _modulesFolder;
    private readonly ConditionalWeakTable<ObjectInstance, StrongBox<ScriptMessageResult>> _results = new();
    private ClrFunction? _jsonText;
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
        Guard(() => _engine.SetValue("janusConfig", ToJs(_api.Config ?? [])));
        if (!IsFunction("init"))
        {
            throw new ScriptException("the script defines no init function", File);
        }

        Call("init", Str(configArgument));
    }

    public void Destroy() => CallIfDefined("destroy");

    public void CreateSession(long id) => CallIfDefined("createSession", id);

    public void DestroySession(long id) => CallIfDefined("destroySession", id);

    public JsonObject? QuerySession(long id) => Json(CallIfDefined("querySession", id)) as JsonObject;

    public ScriptMessageResult HandleMessage(long id, string transaction, JsonObject message, JsonObject? jsep)
    {
        if (!IsFunction("handleMessage"))
        {
            throw new ScriptException("the script defines no handleMessage function", File);
        }

        JsValue result = Call("handleMessage", id, transaction, ToJs(message), ToJs(jsep));
        if (result is ObjectInstance marked && _results.TryGetValue(marked, out StrongBox<ScriptMessageResult>? box))
        {
            return box.Value;
        }

        if (result.IsNumber())
        {
            // Janus's Duktape convention: a number cannot carry a reason, so a refusal says only its code.
            double code = result.AsNumber();
            return code < 0 ? ScriptMessageResult.Refuse($"JavaScript error (code {code})")
                : code > 0 ? ScriptMessageResult.Later()
                : ScriptMessageResult.Reply([]);
        }

        if (result.IsUndefined() || result.IsNull())
        {
            throw new ScriptException("handleMessage returned nothing: return janus.reply(value), janus.later() or janus.refuse(reason)", File);
        }

        return Json(result) is JsonObject content
            ? ScriptMessageResult.Reply(content)
            : throw new ScriptException("handleMessage returned something that is not a JSON object", File);
    }

    public JsonObject? HandleAdminMessage(JsonObject message) => Json(CallIfDefined("handleAdminMessage", ToJs(message))) as JsonObject;

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

    public JsonNode? ExportState() => Json(CallIfDefined("exportState"));

    public void ImportState(JsonNode? state) => CallIfDefined("importState", ToJs(state));

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _engine.Dispose();
        }
    }

    private ScriptFeatures DetectFeatures() => ScriptApi.DetectFeatures(callback => IsFunction(callback.Name));

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

    /// <summary>A result meant as JSON: an object is read as it is, a string is taken as JSON text (Janus's form).</summary>
    private JsonNode? Json(JsValue value)
    {
        if (value.IsUndefined() || value.IsNull())
        {
            return null;
        }

        if (value.IsString())
        {
            string text = value.AsString();
            try
            {
                return JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                // Text that is not JSON stays text (a state a script exported as a plain string).
                return JsonValue.Create(text);
            }
        }

        try
        {
            return FromJs(value);
        }
        catch (ScriptApiException e)
        {
            throw new ScriptException(e.Message, File);
        }
    }

    /// <summary>A script value as JSON, as JSON.stringify sees it (functions and undefined left out).</summary>
    private JsonNode? FromJs(JsValue value)
    {
        JsValue text = Guard(() => new JsonSerializer(_engine).Serialize(value));
        return text.IsString() ? JsonNode.Parse(text.AsString()) : throw new ScriptApiException("cannot turn this value into JSON");
    }

    /// <summary>
    /// JSON as a JavaScript value. A top-level object gets a non-enumerable toString that gives its JSON text, so
    /// JSON.parse(obj) and string concatenation behave as they did when Janus handed scripts JSON strings.
    /// </summary>
    private JsValue ToJs(JsonNode? node)
    {
        JsValue value = ToJsValue(node, 0);
        if (value is JsObject obj)
        {
            _jsonText ??= new ClrFunction(_engine, "toString", (self, _) => new JsonSerializer(_engine).Serialize(self));
            obj.DefineOwnProperty("toString", new PropertyDescriptor(_jsonText, writable: true, enumerable: false, configurable: true));
        }

        return value;
    }

    private JsValue ToJsValue(JsonNode? node, int depth)
    {
        if (depth > 64)
        {
            throw new ScriptApiException("JSON nests too deep");
        }

        switch (node)
        {
            case null:
                return JsValue.Null;
            case JsonObject obj:
                var target = new JsObject(_engine);
                foreach (KeyValuePair<string, JsonNode?> pair in obj)
                {
                    target.Set(pair.Key, ToJsValue(pair.Value, depth + 1));
                }

                return target;
            case JsonArray array:
                var items = new JsValue[array.Count];
                for (int i = 0; i < items.Length; i++)
                {
                    items[i] = ToJsValue(array[i], depth + 1);
                }

                return new JsArray(_engine, items);
            default:
                JsonValue scalar = node.AsValue();
                return scalar.GetValueKind() switch
                {
                    System.Text.Json.JsonValueKind.String => new JsString(scalar.GetValue<string>()),
                    System.Text.Json.JsonValueKind.True => JsBoolean.True,
                    System.Text.Json.JsonValueKind.False => JsBoolean.False,
                    System.Text.Json.JsonValueKind.Number => new JsNumber(scalar.TryGetValue(out double number) ? number : double.Parse(scalar.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)),
                    _ => JsValue.Null,
                };
        }
    }

    /// <summary>A handleMessage answer made by janus.reply/later/refuse: an opaque object the host recognises.</summary>
    private JsValue Result(ScriptMessageResult result)
    {
        var marker = new JsObject(_engine);
        _results.AddOrUpdate(marker, new StrongBox<ScriptMessageResult>(result));
        return marker;
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
