using System.Diagnostics;
using System.Text;
using Janus.Scripting.Hosting;
using KeraLua;
using LuaState = KeraLua.Lua;

namespace Janus.Scripting.Lua;

/// <summary>The server functions a Lua script may call, with Janus's names and arguments, as raw Lua C functions.</summary>
internal sealed partial class LuaScriptInstance
{
    private void PushHostTable()
    {
        _lua.NewTable();
        SetFunction("stop", Raw(l =>
        {
            long deadline = _deadline;
            l.PushBoolean(_budget.Exceeded || (deadline != 0 && Stopwatch.GetTimestamp() > deadline));
            return 1;
        }));
        SetFunction("enforce", Raw(l =>
        {
            _budget.Enforcing = l.ToBoolean(1);
            return 0;
        }));
        SetFunction("readModule", Raw(ReadModule));
        _lua.PushInteger(LuaSandbox.HookInstructionCount);
        _lua.SetField(-2, "hookCount");

        _lua.NewTable();
        foreach (ScriptFunction function in ScriptApi.Functions)
        {
            ScriptFunction bound = function;
            SetApi(function.Name, l => Invoke(l, bound));
            foreach (string alias in function.Aliases)
            {
                SetApi(alias, l => Invoke(l, bound));
            }
        }

        _lua.SetField(-2, "api");

        _lua.NewTable();
        SetApi("encode", l =>
        {
            l.PushString(l.Type(1) == LuaType.String ? l.ToString(1, false) : LuaJson.Read(l, 1)?.ToJsonString() ?? "null");
            return 1;
        });
        SetApi("decode", l =>
        {
            // The values the server hands in are tables already: decoding one is a no-op, so scripts written for
            // Janus's string API (json.decode(message)) keep working.
            if (l.Type(1) == LuaType.Table)
            {
                l.PushCopy(1);
                return 1;
            }

            string text = OptString(l, 1) ?? throw new ScriptApiException("json.decode: missing text");
            try
            {
                LuaJson.Push(l, System.Text.Json.Nodes.JsonNode.Parse(text));
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new ScriptApiException("json.decode: " + e.Message);
            }

            return 1;
        });
        _lua.SetField(-2, "json");
    }

    private int ReadModule(LuaState l)
    {
        string? name = OptString(l, 1);
        if (string.IsNullOrEmpty(name) || name.Contains('/') || name.Contains('\\') || name.Contains("..", StringComparison.Ordinal))
        {
            return 0;
        }

        string path = Path.Combine(_modulesFolder, name + ".lua");
        if (!System.IO.File.Exists(path))
        {
            return 0;
        }

        l.PushString(System.IO.File.ReadAllText(path));
        l.PushString(path);
        return 2;
    }

    private void SetFunction(string name, LuaFunction function)
    {
        _lua.PushCFunction(function);
        _lua.SetField(-2, name);
    }

    /// <summary>An API function: answers (true, results...) or (false, message); the sandbox raises the message in the script.</summary>
    private void SetApi(string name, Func<LuaState, int> body) => SetFunction(name, Raw(l =>
    {
        int top = l.GetTop();
        try
        {
            int results = body(l);
            l.PushBoolean(true);
            l.Insert(-(results + 1));
            return results + 1;
        }
        catch (Exception e)
        {
            // Nothing may cross back into Lua as a .NET exception: the failure becomes a Lua error message.
            l.SetTop(top);
            l.PushBoolean(false);
            l.PushString(e is ScriptApiException ? e.Message : $"{name}: {e.Message}");
            return 2;
        }
    }));

    private LuaFunction Raw(Func<LuaState, int> body)
    {
        LuaFunction function = state =>
        {
            LuaState l = LuaState.FromIntPtr(state);
            l.Encoding = Encoding.UTF8;
            try
            {
                return body(l);
            }
            catch (Exception)
            {
                return 0;
            }
        };
        _keepAlive.Add(function);
        return function;
    }

    /// <summary>Reads the arguments as <paramref name="function"/> describes them, calls it, pushes what it answers.</summary>
    private int Invoke(LuaState l, ScriptFunction function)
    {
        object?[] values = new object?[function.Parameters.Count];
        int index = 1;
        for (int i = 0; i < values.Length; i++)
        {
            ScriptParameter parameter = function.Parameters[i];
            switch (parameter.Kind)
            {
                case ScriptParameterKind.LegacyLength:
                    if (l.Type(index) == LuaType.Number)
                    {
                        values[i] = l.IsInteger(index) ? l.ToInteger(index) : (long)l.ToNumber(index);
                        index++;
                    }

                    break;
                case ScriptParameterKind.Strings:
                    values[i] = Strings(l, index);
                    index = l.GetTop() + 1;
                    break;
                default:
                    values[i] = Read(l, index, parameter, function.Name);
                    index++;
                    break;
            }
        }

        object? result = function.Invoke(_api, new ScriptArguments(values));
        switch (function.Returns)
        {
            case ScriptReturnKind.Status:
                l.PushInteger((int)result!);
                return 1;
            case ScriptReturnKind.Bool:
                l.PushBoolean((bool)result!);
                return 1;
            case ScriptReturnKind.String:
                PushStringOrNil(l, (string?)result);
                return 1;
            case ScriptReturnKind.Json:
                PushJson(l, (System.Text.Json.Nodes.JsonNode?)result);
                return 1;
            default:
                return 0;
        }
    }

    private static object? Read(LuaState l, int index, ScriptParameter parameter, string function) => parameter.Kind switch
    {
        ScriptParameterKind.Id or ScriptParameterKind.Integer => Integer(l, index, function),
        ScriptParameterKind.Bool => Bool(l, index),
        ScriptParameterKind.String => OptString(l, index) ?? throw new ScriptApiException($"{function}: argument {index} ({parameter.Name}) must be a string"),
        ScriptParameterKind.OptionalString => OptString(l, index),
        ScriptParameterKind.Json => Json(l, index, parameter.Name, function),
        ScriptParameterKind.OptionalJson => l.Type(index) is LuaType.Nil or LuaType.None ? null : Json(l, index, parameter.Name, function),
        // A Lua string is bytes: text is passed as the UTF-8 the script holds, never re-encoded or cut.
        ScriptParameterKind.Text or ScriptParameterKind.Bytes => l.Type(index) is LuaType.String or LuaType.Number
            ? l.ToBuffer(index, false)
            : throw new ScriptApiException($"{function}: argument {index} ({parameter.Name}) must be a string"),
        _ => throw new InvalidOperationException($"{function}: no reader for {parameter.Kind}"),
    };

    /// <summary>
    /// Pushes JSON as a table; a top-level table gets a __tostring that gives its JSON text, so scripts written
    /// against Janus's string API can still print or concatenate what they receive.
    /// </summary>
    internal static void PushJson(LuaState l, System.Text.Json.Nodes.JsonNode? node)
    {
        LuaJson.Push(l, node);
        if (l.Type(-1) == LuaType.Table)
        {
            l.GetMetaTable(JsonMetaTable);
            l.SetMetaTable(-2);
        }
    }

    private const string JsonMetaTable = "janus.json";

    private void RegisterJsonMetaTable()
    {
        _lua.NewMetaTable(JsonMetaTable);
        _lua.PushCFunction(Raw(l =>
        {
            try
            {
                l.PushString(LuaJson.Read(l, 1)?.ToJsonString() ?? "null");
            }
            catch (ScriptApiException e)
            {
                l.PushString("<" + e.Message + ">");
            }

            return 1;
        }));
        _lua.SetField(-2, "__tostring");
        _lua.Pop(1);
    }

    private static long Integer(LuaState l, int index, string function)
    {
        switch (l.Type(index))
        {
            case LuaType.Number:
                return l.IsInteger(index) ? l.ToInteger(index) : (long)l.ToNumber(index);
            case LuaType.String when long.TryParse(l.ToString(index, false), out long parsed):
                return parsed;
            default:
                throw new ScriptApiException($"{function}: argument {index} must be a number");
        }
    }

    private static bool Bool(LuaState l, int index) => l.Type(index) switch
    {
        LuaType.Boolean => l.ToBoolean(index),
        LuaType.Number => l.ToNumber(index) != 0,
        LuaType.String => l.ToString(index, false) is "true" or "yes" or "1",
        _ => false,
    };

    // The arguments from `first` on, as strings or null (Janus's variadic recording calls).
    private static List<string?> Strings(LuaState l, int first)
    {
        var values = new List<string?>();
        for (int i = first; i <= l.GetTop(); i++)
        {
            values.Add(OptString(l, i));
        }
        return values;
    }

    private static string? OptString(LuaState l, int index) =>
        l.Type(index) is LuaType.String or LuaType.Number ? l.ToString(index, false) : null;

    private static void PushStringOrNil(LuaState l, string? value)
    {
        if (value is null)
        {
            l.PushNil();
        }
        else
        {
            l.PushString(value);
        }
    }

    /// <summary>A JSON object given as a table or as JSON text (Janus's string API).</summary>
    private static System.Text.Json.Nodes.JsonObject Json(LuaState l, int index, string name, string function) => l.Type(index) switch
    {
        LuaType.String => ScriptHostApi.ParseObject(l.ToString(index, false), $"{function}: {name}"),
        LuaType.Table => LuaJson.Read(l, index) as System.Text.Json.Nodes.JsonObject
            ?? throw new ScriptApiException($"{function}: {name} must be a table with keys (a JSON object)"),
        _ => throw new ScriptApiException($"{function}: argument {index} ({name}) must be JSON text or a table"),
    };
}
