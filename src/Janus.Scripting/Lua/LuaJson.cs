using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KeraLua;
using Janus.Scripting.Hosting;
using LuaState = KeraLua.Lua;

namespace Janus.Scripting.Lua;

/// <summary>JSON ⇄ Lua values on the stack: objects become tables with string keys, arrays tables 1..n.</summary>
internal static class LuaJson
{
    private const int MaxDepth = 64;

    public static void Push(LuaState lua, JsonNode? node, int depth = 0)
    {
        if (depth > MaxDepth || !lua.CheckStack(4))
        {
            throw new ScriptApiException("JSON nests too deep");
        }

        switch (node)
        {
            case null:
                lua.PushNil();
                break;
            case JsonObject obj:
                lua.NewTable();
                foreach (KeyValuePair<string, JsonNode?> pair in obj)
                {
                    lua.PushString(pair.Key);
                    Push(lua, pair.Value, depth + 1);
                    lua.RawSet(-3);
                }

                break;
            case JsonArray array:
                lua.NewTable();
                for (int i = 0; i < array.Count; i++)
                {
                    Push(lua, array[i], depth + 1);
                    lua.RawSetInteger(-2, i + 1);
                }

                break;
            case JsonValue value:
                PushValue(lua, value);
                break;
        }
    }

    /// <summary>Reads the Lua value at <paramref name="index"/> as JSON. Functions, userdata and threads refuse.</summary>
    public static JsonNode? Read(LuaState lua, int index, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new ScriptApiException("table nests too deep (or refers to itself)");
        }

        index = index < 0 ? lua.GetTop() + index + 1 : index;
        switch (lua.Type(index))
        {
            case LuaType.Nil:
            case LuaType.None:
                return null;
            case LuaType.Boolean:
                return JsonValue.Create(lua.ToBoolean(index));
            case LuaType.Number:
                if (lua.IsInteger(index))
                {
                    return JsonValue.Create(lua.ToInteger(index));
                }

                double number = lua.ToNumber(index);
                return double.IsFinite(number) ? JsonValue.Create(number) : null;
            case LuaType.String:
                return JsonValue.Create(lua.ToString(index, false));
            case LuaType.Table:
                return ReadTable(lua, index, depth);
            default:
                throw new ScriptApiException($"cannot turn a Lua {lua.TypeName(index)} into JSON");
        }
    }

    private static JsonNode ReadTable(LuaState lua, int index, int depth)
    {
        if (!lua.CheckStack(4))
        {
            throw new ScriptApiException("Lua stack exhausted");
        }

        long length = lua.RawLen(index);
        long keys = 0;
        bool allIntegerKeys = true;
        lua.PushNil();
        while (lua.Next(index))
        {
            keys++;
            if (!lua.IsInteger(-2))
            {
                allIntegerKeys = false;
            }

            lua.Pop(1);
        }

        if (length > 0 && allIntegerKeys && keys == length)
        {
            var array = new JsonArray();
            for (long i = 1; i <= length; i++)
            {
                lua.RawGetInteger(index, i);
                array.Add(Read(lua, -1, depth + 1));
                lua.Pop(1);
            }

            return array;
        }

        var obj = new JsonObject();
        lua.PushNil();
        while (lua.Next(index))
        {
            string key = lua.Type(-2) switch
            {
                LuaType.String => lua.ToString(-2, false),
                LuaType.Number => lua.IsInteger(-2)
                    ? lua.ToInteger(-2).ToString(CultureInfo.InvariantCulture)
                    : lua.ToNumber(-2).ToString(CultureInfo.InvariantCulture),
                _ => throw new ScriptApiException("a JSON object key must be a string or a number"),
            };
            obj[key] = Read(lua, -1, depth + 1);
            lua.Pop(1);
        }

        return obj;
    }

    private static void PushValue(LuaState lua, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.True:
                lua.PushBoolean(true);
                break;
            case JsonValueKind.False:
                lua.PushBoolean(false);
                break;
            case JsonValueKind.String:
                lua.PushString(value.GetValue<string>());
                break;
            case JsonValueKind.Number:
                if (value.TryGetValue(out long integer))
                {
                    lua.PushInteger(integer);
                }
                else if (value.TryGetValue(out double real))
                {
                    lua.PushNumber(real);
                }
                else
                {
                    lua.PushNumber(double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture));
                }

                break;
            default:
                lua.PushNil();
                break;
        }
    }
}

