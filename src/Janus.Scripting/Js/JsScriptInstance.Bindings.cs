using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Jint.Runtime.Interop;
using Janus.Core.Logging;
using Janus.Scripting.Hosting;

namespace Janus.Scripting.Js;

/// <summary>The server functions a JavaScript plugin may call, with Janus's names and arguments.</summary>
internal sealed partial class JsScriptInstance
{
    private void InstallApi()
    {
        Define("pushEvent", a => _api.PushEvent(Id(a, 0, "pushEvent"), OptString(a, 1), Json(a, 2, "pushEvent"), OptJson(a, 3)));
        Define("notifyEvent", a => _api.NotifyEvent(Id(a, 0, "notifyEvent"), Json(a, 1, "notifyEvent")));
        DefineValue("eventsIsEnabled", _ => _api.EventsIsEnabled() ? JsBoolean.True : JsBoolean.False);
        Define("closePc", a => _api.ClosePc(Id(a, 0, "closePc")));
        Define("endSession", a => _api.EndSession(Id(a, 0, "endSession")));
        Define("configureMedium", a => _api.ConfigureMedium(Id(a, 0, "configureMedium"), OptString(a, 1) ?? "", OptString(a, 2) ?? "", Arg(a, 3).IsBoolean() ? Arg(a, 3).AsBoolean() : TypeConverter.ToBoolean(Arg(a, 3))));
        Define("addRecipient", a => _api.AddRecipient(Id(a, 0, "addRecipient"), Id(a, 1, "addRecipient")));
        Define("removeRecipient", a => _api.RemoveRecipient(Id(a, 0, "removeRecipient"), Id(a, 1, "removeRecipient")));
        Define("setBitrate", a => _api.SetBitrate(Id(a, 0, "setBitrate"), Id(a, 1, "setBitrate")));
        Define("setPliFreq", a => _api.SetPliFreq(Id(a, 0, "setPliFreq"), Id(a, 1, "setPliFreq")));
        Define("setSubstream", a => _api.SetSubstream(Id(a, 0, "setSubstream"), Id(a, 1, "setSubstream")));
        Define("setTemporalLayer", a => _api.SetTemporalLayer(Id(a, 0, "setTemporalLayer"), Id(a, 1, "setTemporalLayer")));
        Define("setSpatialLayer", a => _api.SetSpatialLayer(Id(a, 0, "setSpatialLayer"), Id(a, 1, "setSpatialLayer")));
        Define("sendPli", a => _api.SendPli(Id(a, 0, "sendPli")));
        Define("relayRtp", a => _api.RelayRtp(Id(a, 0, "relayRtp"), TypeConverter.ToBoolean(Arg(a, 1)), Buffer(a, 2, 3, "relayRtp")));
        Define("relayRtcp", a => _api.RelayRtcp(Id(a, 0, "relayRtcp"), TypeConverter.ToBoolean(Arg(a, 1)), Buffer(a, 2, 3, "relayRtcp")));
        Define("relayTextData", a => _api.RelayData(Id(a, 0, "relayTextData"), false, Buffer(a, 1, 2, "relayTextData"), OptString(a, 3), OptString(a, 4)));
        Define("relayData", a => _api.RelayData(Id(a, 0, "relayData"), false, Buffer(a, 1, 2, "relayData"), OptString(a, 3), OptString(a, 4)));
        Define("relayBinaryData", a => _api.RelayData(Id(a, 0, "relayBinaryData"), true, Buffer(a, 1, 2, "relayBinaryData"), OptString(a, 3), OptString(a, 4)));
        Define("startRecording", a => _api.StartRecording(Id(a, 0, "startRecording"), Strings(a, 1)));
        Define("stopRecording", a => _api.StopRecording(Id(a, 0, "stopRecording"), Strings(a, 1)));
        Define("pokeScheduler", _ => _api.PokeScheduler());
        Define("timeCallback", a => _api.TimeCallback(OptString(a, 0) ?? "", OptString(a, 1), Id(a, 2, "timeCallback")));
        DefineValue("janusLog", a =>
        {
            _api.Log((int)Id(a, 0, "janusLog"), OptString(a, 1) ?? "");
            return JsValue.Undefined;
        });
        DefineValue("getConfig", _ => new JsonParser(_engine).Parse(_api.ConfigJson));
        DefineValue("generateAnswer", a => new JsString(_api.GenerateAnswer(OptString(a, 0) ?? throw new ScriptApiException("generateAnswer: missing offer SDP"), OptJson(a, 1))));
        DefineValue("__janusLoadModule", LoadModule);

        var console = new JsObject(_engine);
        console.Set("log", Function("log", a => Log(JanusLogLevel.Info, a)));
        console.Set("info", Function("info", a => Log(JanusLogLevel.Info, a)));
        console.Set("debug", Function("debug", a => Log(JanusLogLevel.Verbose, a)));
        console.Set("warn", Function("warn", a => Log(JanusLogLevel.Warn, a)));
        console.Set("error", Function("error", a => Log(JanusLogLevel.Error, a)));
        _engine.SetValue("console", console);

        // CommonJS require for modules in lib/ beside the plugins (Janus's Duktape scripts use require for janus-sdp.js).
        _engine.Execute("""
            (function () {
              const load = globalThis.__janusLoadModule;
              delete globalThis.__janusLoadModule;
              const cache = {};
              globalThis.require = function require(name) {
                if (Object.prototype.hasOwnProperty.call(cache, name)) return cache[name].exports;
                const factory = load(String(name));
                const module = { exports: {} };
                cache[name] = module;
                factory(module, module.exports, require);
                return module.exports;
              };
            })();
            """, "janus-bootstrap");
    }

    private JsValue LoadModule(JsValue[] arguments)
    {
        string name = OptString(arguments, 0) ?? "";
        string path = Path.Combine(_modulesFolder, name.EndsWith(".js", StringComparison.Ordinal) ? name : name + ".js");
        if (name.Length == 0 || name.Contains('/') || name.Contains('\\') || name.Contains("..", StringComparison.Ordinal) || !System.IO.File.Exists(path))
        {
            throw new ScriptApiException($"module '{name}' not found (modules live in lib/ beside the plugins)");
        }

        // One line of wrapper so the module's line numbers stay right.
        return _engine.Evaluate("(function (module, exports, require) {" + System.IO.File.ReadAllText(path) + "\n})", path);
    }

    private JsValue Log(JanusLogLevel level, JsValue[] arguments)
    {
        var parts = new string[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            parts[i] = arguments[i].IsString() ? arguments[i].AsString() : arguments[i].ToString();
        }

        JanusLog.Write(level, string.Join(' ', parts));
        return JsValue.Undefined;
    }

    private void Define(string name, Func<JsValue[], int> body) => DefineValue(name, a => new JsNumber(body(a)));

    private void DefineValue(string name, Func<JsValue[], JsValue> body) => _engine.SetValue(name, Function(name, body));

    /// <summary>A host function; an API failure becomes a JavaScript Error the script can catch.</summary>
    private ClrFunction Function(string name, Func<JsValue[], JsValue> body) => new(_engine, name, (_, arguments) =>
    {
        try
        {
            return body(arguments);
        }
        catch (ScriptApiException e)
        {
            throw new JavaScriptException(_engine.Intrinsics.Error, e.Message);
        }
    });

    private static JsValue Arg(JsValue[] arguments, int index) => index < arguments.Length ? arguments[index] : JsValue.Undefined;

    private static long Id(JsValue[] arguments, int index, string function)
    {
        JsValue value = Arg(arguments, index);
        if (value.IsNumber())
        {
            return (long)value.AsNumber();
        }

        if (value.IsString() && long.TryParse(value.AsString(), out long parsed))
        {
            return parsed;
        }

        throw new ScriptApiException($"{function}: argument {index + 1} must be a number");
    }

    // The arguments from `first` on, as strings or null (Janus's variadic recording calls).
    private static List<string?> Strings(JsValue[] arguments, int first)
    {
        var values = new List<string?>();
        for (int i = first; i < arguments.Length; i++)
        {
            values.Add(OptString(arguments, i));
        }
        return values;
    }

    private static string? OptString(JsValue[] arguments, int index)
    {
        JsValue value = Arg(arguments, index);
        return value.IsUndefined() || value.IsNull() ? null : value.IsString() ? value.AsString() : value.ToString();
    }

    /// <summary>JSON given as text (as Janus's scripts do) or as an object (serialised here).</summary>
    private string Json(JsValue[] arguments, int index, string function)
    {
        JsValue value = Arg(arguments, index);
        if (value.IsString())
        {
            return value.AsString();
        }

        if (value.IsObject())
        {
            return new JsonSerializer(_engine).Serialize(value).ToString();
        }

        throw new ScriptApiException($"{function}: argument {index + 1} must be JSON text or an object");
    }

    private string? OptJson(JsValue[] arguments, int index)
    {
        JsValue value = Arg(arguments, index);
        return value.IsUndefined() || value.IsNull() ? null : Json(arguments, index, "json");
    }

    /// <summary>A buffer argument (Uint8Array or string) cut to the optional length argument.</summary>
    private static byte[] Buffer(JsValue[] arguments, int index, int lengthIndex, string function)
    {
        JsValue value = Arg(arguments, index);
        byte[] bytes;
        if (value is JsTypedArray typed)
        {
            bytes = new byte[(int)typed.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)TypeConverter.ToNumber(typed[i]);
            }
        }
        else if (value.IsString())
        {
            bytes = System.Text.Encoding.UTF8.GetBytes(value.AsString());
        }
        else
        {
            throw new ScriptApiException($"{function}: argument {index + 1} must be a string or a Uint8Array");
        }

        JsValue length = Arg(arguments, lengthIndex);
        if (length.IsNumber())
        {
            int wanted = (int)length.AsNumber();
            if (wanted >= 0 && wanted < bytes.Length)
            {
                Array.Resize(ref bytes, wanted);
            }
        }

        return bytes;
    }

    private JsValue Bytes(ReadOnlySpan<byte> data)
    {
        JsTypedArray array = _engine.Intrinsics.Uint8Array.Construct(data);
        return array;
    }
}
