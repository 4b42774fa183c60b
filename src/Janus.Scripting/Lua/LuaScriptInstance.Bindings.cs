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
        SetApi("pushEvent", l => Push(l, _api.PushEvent(Integer(l, 1, "pushEvent"), OptString(l, 2), Json(l, 3, "pushEvent"), OptJson(l, 4))));
        SetApi("notifyEvent", l => Push(l, _api.NotifyEvent(Integer(l, 1, "notifyEvent"), Json(l, 2, "notifyEvent"))));
        SetApi("eventsIsEnabled", l =>
        {
            l.PushBoolean(_api.EventsIsEnabled());
            return 1;
        });
        SetApi("closePc", l => Push(l, _api.ClosePc(Integer(l, 1, "closePc"))));
        SetApi("endSession", l => Push(l, _api.EndSession(Integer(l, 1, "endSession"))));
        SetApi("configureMedium", l => Push(l, _api.ConfigureMedium(Integer(l, 1, "configureMedium"), OptString(l, 2) ?? "", OptString(l, 3) ?? "", Bool(l, 4))));
        SetApi("addRecipient", l => Push(l, _api.AddRecipient(Integer(l, 1, "addRecipient"), Integer(l, 2, "addRecipient"))));
        SetApi("removeRecipient", l => Push(l, _api.RemoveRecipient(Integer(l, 1, "removeRecipient"), Integer(l, 2, "removeRecipient"))));
        SetApi("setBitrate", l => Push(l, _api.SetBitrate(Integer(l, 1, "setBitrate"), Integer(l, 2, "setBitrate"))));
        SetApi("setPliFreq", l => Push(l, _api.SetPliFreq(Integer(l, 1, "setPliFreq"), Integer(l, 2, "setPliFreq"))));
        SetApi("setSubstream", l => Push(l, _api.SetSubstream(Integer(l, 1, "setSubstream"), Integer(l, 2, "setSubstream"))));
        SetApi("setTemporalLayer", l => Push(l, _api.SetTemporalLayer(Integer(l, 1, "setTemporalLayer"), Integer(l, 2, "setTemporalLayer"))));
        SetApi("setSpatialLayer", l => Push(l, _api.SetSpatialLayer(Integer(l, 1, "setSpatialLayer"), Integer(l, 2, "setSpatialLayer"))));
        SetApi("sendPli", l => Push(l, _api.SendPli(Integer(l, 1, "sendPli"))));
        SetApi("relayRtp", l => Push(l, _api.RelayRtp(Integer(l, 1, "relayRtp"), Bool(l, 2), Bytes(l, 3, 4, "relayRtp"))));
        SetApi("relayRtcp", l => Push(l, _api.RelayRtcp(Integer(l, 1, "relayRtcp"), Bool(l, 2), Bytes(l, 3, 4, "relayRtcp"))));
        SetApi("relayTextData", l => Push(l, _api.RelayData(Integer(l, 1, "relayTextData"), false, Bytes(l, 2, 3, "relayTextData"), OptString(l, 4), OptString(l, 5))));
        SetApi("relayData", l => Push(l, _api.RelayData(Integer(l, 1, "relayData"), false, Bytes(l, 2, 3, "relayData"), OptString(l, 4), OptString(l, 5))));
        SetApi("relayBinaryData", l => Push(l, _api.RelayData(Integer(l, 1, "relayBinaryData"), true, Bytes(l, 2, 3, "relayBinaryData"), OptString(l, 4), OptString(l, 5))));
        SetApi("startRecording", l => Push(l, _api.StartRecording(Integer(l, 1, "startRecording"), Strings(l, 2))));
        SetApi("stopRecording", l => Push(l, _api.StopRecording(Integer(l, 1, "stopRecording"), Strings(l, 2))));
        SetApi("pokeScheduler", l => Push(l, _api.PokeScheduler()));
        SetApi("timeCallback", l => Push(l, _api.TimeCallback(OptString(l, 1) ?? "", OptString(l, 2), Integer(l, 3, "timeCallback"))));
        SetApi("janusLog", l =>
        {
            _api.Log((int)Integer(l, 1, "janusLog"), OptString(l, 2) ?? "");
            return 0;
        });
        SetApi("getConfig", l =>
        {
            LuaJson.Push(l, _api.Config);
            return 1;
        });
        SetApi("generateAnswer", l =>
        {
            l.PushString(_api.GenerateAnswer(OptString(l, 1) ?? throw new ScriptApiException("generateAnswer: missing offer SDP"), OptJson(l, 2)));
            return 1;
        });
        _lua.SetField(-2, "api");

        _lua.NewTable();
        SetApi("encode", l =>
        {
            l.PushString(Json(l, 1, "json.encode"));
            return 1;
        });
        SetApi("decode", l =>
        {
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

    private static int Push(LuaState l, int value)
    {
        l.PushInteger(value);
        return 1;
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

    /// <summary>JSON given as text (as Janus's scripts do) or as a table (encoded here).</summary>
    private static string Json(LuaState l, int index, string function) => l.Type(index) switch
    {
        LuaType.String => l.ToString(index, false),
        LuaType.Table => LuaJson.Read(l, index)?.ToJsonString() ?? "null",
        _ => throw new ScriptApiException($"{function}: argument {index} must be JSON text or a table"),
    };

    private static string? OptJson(LuaState l, int index) =>
        l.Type(index) is LuaType.Nil or LuaType.None ? null : Json(l, index, "json");

    /// <summary>A buffer argument and its optional length (Janus passes both): the bytes of a Lua string, cut to the length.</summary>
    private static byte[] Bytes(LuaState l, int index, int lengthIndex, string function)
    {
        if (l.Type(index) is not (LuaType.String or LuaType.Number))
        {
            throw new ScriptApiException($"{function}: argument {index} must be a string");
        }

        byte[] bytes = l.ToBuffer(index, false);
        if (l.Type(lengthIndex) == LuaType.Number)
        {
            long length = l.ToInteger(lengthIndex);
            if (length >= 0 && length < bytes.Length)
            {
                Array.Resize(ref bytes, (int)length);
            }
        }

        return bytes;
    }
}
