using Jint;
using Jint.Native;
using System.Text.Json.Nodes;
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
        foreach (ScriptFunction function in ScriptApi.Functions)
        {
            ScriptFunction bound = function;
            DefineValue(function.Name, a => Invoke(a, bound));
            foreach (string alias in function.Aliases)
            {
                DefineValue(alias, a => Invoke(a, bound));
            }
        }

        // handleMessage's answer, the same names in every language.
        var janus = new JsObject(_engine);
        janus.Set("reply", Function("reply", a => Result(ScriptMessageResult.Reply(Arg(a, 0).IsUndefined() || Arg(a, 0).IsNull() ? [] : Object(a, 0, "value", "janus.reply")))));
        janus.Set("later", Function("later", a => Result(ScriptMessageResult.Later(OptString(a, 0)))));
        janus.Set("refuse", Function("refuse", a => Result(ScriptMessageResult.Refuse(
            OptString(a, 0) ?? "refused", Arg(a, 1).IsNumber() ? (int)Arg(a, 1).AsNumber() : null))));
        _engine.SetValue("janus", janus);
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

    /// <summary>Reads the arguments as <paramref name="function"/> describes them, calls it, returns what it answers.</summary>
    private JsValue Invoke(JsValue[] arguments, ScriptFunction function)
    {
        object?[] values = new object?[function.Parameters.Count];
        int index = 0;
        for (int i = 0; i < values.Length; i++)
        {
            ScriptParameter parameter = function.Parameters[i];
            switch (parameter.Kind)
            {
                case ScriptParameterKind.LegacyLength:
                    if (Arg(arguments, index).IsNumber())
                    {
                        values[i] = (long)Arg(arguments, index).AsNumber();
                        index++;
                    }

                    break;
                case ScriptParameterKind.Strings:
                    values[i] = Strings(arguments, index);
                    index = arguments.Length;
                    break;
                default:
                    values[i] = Read(arguments, index, parameter, function.Name);
                    index++;
                    break;
            }
        }

        object? result = function.Invoke(_api, new ScriptArguments(values));
        return function.Returns switch
        {
            ScriptReturnKind.Status => new JsNumber((int)result!),
            ScriptReturnKind.Bool => (bool)result! ? JsBoolean.True : JsBoolean.False,
            ScriptReturnKind.String => result is string text ? new JsString(text) : JsValue.Null,
            ScriptReturnKind.Json => ToJs((JsonNode?)result),
            _ => JsValue.Undefined,
        };
    }

    private object? Read(JsValue[] arguments, int index, ScriptParameter parameter, string function) => parameter.Kind switch
    {
        ScriptParameterKind.Id or ScriptParameterKind.Integer => Number(arguments, index, function),
        ScriptParameterKind.Bool => Arg(arguments, index).IsBoolean() ? Arg(arguments, index).AsBoolean() : TypeConverter.ToBoolean(Arg(arguments, index)),
        ScriptParameterKind.String => OptString(arguments, index) ?? throw new ScriptApiException($"{function}: argument {index + 1} ({parameter.Name}) must be a string"),
        ScriptParameterKind.OptionalString => OptString(arguments, index),
        ScriptParameterKind.Json => Object(arguments, index, parameter.Name, function),
        ScriptParameterKind.OptionalJson => Arg(arguments, index).IsUndefined() || Arg(arguments, index).IsNull() ? null : Object(arguments, index, parameter.Name, function),
        ScriptParameterKind.Text => Arg(arguments, index) is JsTypedArray
            ? Buffer(arguments, index, parameter.Name, function)
            : System.Text.Encoding.UTF8.GetBytes(OptString(arguments, index) ?? throw new ScriptApiException($"{function}: argument {index + 1} ({parameter.Name}) must be a string")),
        ScriptParameterKind.Bytes => Buffer(arguments, index, parameter.Name, function),
        _ => throw new InvalidOperationException($"{function}: no reader for {parameter.Kind}"),
    };

    private static long Number(JsValue[] arguments, int index, string function)
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

    /// <summary>A JSON object given as an object or as JSON text (Janus's string API).</summary>
    private JsonObject Object(JsValue[] arguments, int index, string name, string function)
    {
        JsValue value = Arg(arguments, index);
        if (value.IsString())
        {
            return ScriptHostApi.ParseObject(value.AsString(), $"{function}: {name}");
        }

        if (value.IsObject() && value is not JsArray)
        {
            return FromJs(value) as JsonObject ?? throw new ScriptApiException($"{function}: {name} is not a JSON object");
        }

        throw new ScriptApiException($"{function}: argument {index + 1} ({name}) must be JSON text or an object");
    }

    /// <summary>Binary data: a Uint8Array's bytes, or a string as UTF-8.</summary>
    private static byte[] Buffer(JsValue[] arguments, int index, string name, string function)
    {
        JsValue value = Arg(arguments, index);
        if (value is JsTypedArray typed)
        {
            var bytes = new byte[(int)typed.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)TypeConverter.ToNumber(typed[i]);
            }

            return bytes;
        }

        if (value.IsString())
        {
            return System.Text.Encoding.UTF8.GetBytes(value.AsString());
        }

        throw new ScriptApiException($"{function}: argument {index + 1} ({name}) must be a string or a Uint8Array");
    }

    private JsValue Bytes(ReadOnlySpan<byte> data)
    {
        JsTypedArray array = _engine.Intrinsics.Uint8Array.Construct(data);
        return array;
    }
}
