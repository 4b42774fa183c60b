using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Janus.Scripting.Hosting;
using KeraLua;
using LuaState = KeraLua.Lua;

namespace Janus.Scripting.Lua;

/// <summary>
/// One version of a Lua plugin: its own Lua 5.4 state (KeraLua, the binding NLua is built on, used directly so no
/// .NET object or reflection is ever reachable from a script), sandboxed by <see cref="LuaSandbox"/>, with a
/// deadline checked by an instruction-count hook and a heap limit enforced by its allocator.
/// </summary>
internal sealed partial class LuaScriptInstance : IScriptInstance
{
    private const int MultipleResults = -1;

    private readonly LuaState _lua;
    private readonly LuaMemoryBudget _budget;
    private readonly ScriptHostApi _api;
    private readonly ScriptLimits _limits;
    private readonly List<LuaFunction> _keepAlive = [];
    private readonly string _modulesFolder;
    private int _invokeRef;
    private long _deadline;
    private bool _disposed;

    private LuaScriptInstance(string file, ScriptHostApi api, ScriptLimits limits)
    {
        File = file;
        _api = api;
        _limits = limits;
        _modulesFolder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "lib");
        _budget = new LuaMemoryBudget(limits.MemoryLimitBytes);
        _lua = new LuaState(_budget.Allocator, IntPtr.Zero) { Encoding = Encoding.UTF8 };
    }

    public string Language => "lua";
    public string File { get; }
    public ScriptInfo Info { get; private set; } = new(null, null, null, null, null, null);
    public ScriptFeatures Features { get; private set; }
    public bool InterruptsOverlongCalls => true;

    /// <summary>Bytes the Lua state holds now.</summary>
    internal long MemoryUsed => _budget.Used;

    /// <summary>Creates the state, runs the script's main chunk, reads its getters. Throws <see cref="ScriptException"/>.</summary>
    public static LuaScriptInstance Load(string file, ScriptHostApi api, ScriptLimits limits)
    {
        byte[] source = System.IO.File.ReadAllBytes(file);
        var instance = new LuaScriptInstance(file, api, limits);
        try
        {
            instance.Start(source);
            return instance;
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }

    private void Start(byte[] source)
    {
        _lua.OpenLibs();
        if (_lua.LoadString(LuaSandbox.Bootstrap, "=janus-sandbox") != LuaStatus.OK)
        {
            throw new ScriptException("sandbox bootstrap: " + _lua.ToString(-1, false));
        }

        PushHostTable();
        if (_lua.PCall(1, 1, 0) != LuaStatus.OK)
        {
            throw new ScriptException("sandbox bootstrap: " + _lua.ToString(-1, false));
        }

        _invokeRef = _lua.Ref(LuaRegistry.Index);

        // Mode "t": text only, a precompiled chunk is refused.
        if (_lua.LoadBuffer(source, "@" + File, "t") != LuaStatus.OK)
        {
            string message = _lua.ToString(-1, false) ?? "syntax error";
            _lua.SetTop(0);
            throw Translate(message, LuaStatus.ErrSyntax);
        }

        int chunk = _lua.GetTop();
        _lua.RawGetInteger(LuaRegistry.Index, _invokeRef);
        _lua.Insert(chunk);
        Run(0, 0);

        Features = DetectFeatures();
        Info = new ScriptInfo(
            CallString("getPackage"),
            CallString("getName"),
            CallString("getDescription"),
            CallString("getAuthor"),
            CallInteger("getVersion"),
            CallString("getVersionString"));
    }

    public void CancelCurrentCall()
    {
    }

    public void Init(string? configArgument)
    {
        // Janus hands init the config path; the parsed configuration is the janusConfig global as well.
        _lua.CheckStack(4);
        LuaJson.Push(_lua, _api.Config);
        _lua.SetGlobal("janusConfig");
        if (!Begin("init"))
        {
            throw new ScriptException("the script defines no init function", File);
        }

        PushStringOrNil(configArgument);
        Run(1, 0);
    }

    public void Destroy() => CallVoid("destroy");

    public void CreateSession(long id) => CallVoid("createSession", id);

    public void DestroySession(long id) => CallVoid("destroySession", id);

    public string? QuerySession(long id)
    {
        if (!Begin("querySession"))
        {
            return null;
        }

        _lua.PushInteger(id);
        int results = Run(1, 1);
        return results > 0 ? PopJsonText() : null;
    }

    /// <summary>Janus's convention: handleMessage returns (code, text): &lt;0 error, 0 synchronous JSON, &gt;0 asynchronous.</summary>
    public ScriptMessageResult HandleMessage(long id, string transaction, string message, string? jsep)
    {
        if (!Begin("handleMessage"))
        {
            return ScriptMessageResult.Error("the script defines no handleMessage function");
        }

        _lua.PushInteger(id);
        _lua.PushString(transaction);
        _lua.PushString(message);
        PushStringOrNil(jsep);
        Run(4, 2);
        int top = _lua.GetTop();
        double code = _lua.Type(top - 1) == LuaType.Number ? _lua.ToNumber(top - 1) : double.NaN;
        string? text = _lua.Type(top) == LuaType.Nil ? null : ReadJsonText(top);
        _lua.Pop(2);
        if (double.IsNaN(code))
        {
            return ScriptMessageResult.Error("handleMessage did not return a result code");
        }

        return code < 0 ? ScriptMessageResult.Error(text ?? "Lua error")
            : code == 0 ? ScriptMessageResult.Sync(text ?? "{}")
            : ScriptMessageResult.Async(text);
    }

    public string? HandleAdminMessage(string message)
    {
        if (!Begin("handleAdminMessage"))
        {
            return null;
        }

        _lua.PushString(message);
        return Run(1, 1) > 0 ? PopJsonText() : null;
    }

    public void SetupMedia(long id) => CallVoid("setupMedia", id);

    public void HangupMedia(long id) => CallVoid("hangupMedia", id);

    public void IncomingRtp(long id, bool video, ReadOnlySpan<byte> buffer) => CallPacket("incomingRtp", id, video, buffer);

    public void IncomingRtcp(long id, bool video, ReadOnlySpan<byte> buffer) => CallPacket("incomingRtcp", id, video, buffer);

    public void IncomingTextData(long id, string text, string? label, string? protocol)
    {
        if (!Begin("incomingTextData"))
        {
            return;
        }

        _lua.PushInteger(id);
        _lua.PushString(text);
        _lua.PushInteger(Encoding.UTF8.GetByteCount(text));
        PushStringOrNil(label);
        PushStringOrNil(protocol);
        Run(5, 0);
    }

    public void IncomingBinaryData(long id, ReadOnlySpan<byte> data, string? label, string? protocol)
    {
        if (!Begin("incomingBinaryData"))
        {
            return;
        }

        _lua.PushInteger(id);
        _lua.PushBuffer(data.ToArray());
        _lua.PushInteger(data.Length);
        PushStringOrNil(label);
        PushStringOrNil(protocol);
        Run(5, 0);
    }

    public void DataReady(long id) => CallVoid("dataReady", id);

    public void SlowLink(long id, bool uplink, bool video)
    {
        if (!Begin("slowLink"))
        {
            return;
        }

        _lua.PushInteger(id);
        _lua.PushBoolean(uplink);
        _lua.PushBoolean(video);
        Run(3, 0);
    }

    public void SubstreamChanged(long id, int substream) => CallVoid("substreamChanged", id, substream);

    public void TemporalLayerChanged(long id, int layer) => CallVoid("temporalLayerChanged", id, layer);
    public void SpatialLayerChanged(long id, int layer) => CallVoid("spatialLayerChanged", id, layer);

    public void ResumeScheduler() => CallVoid("resumeScheduler");

    public void TimeCallback(string function, string? argument)
    {
        if (!Begin(function))
        {
            throw new ScriptException($"timeCallback: the script defines no function '{function}'", File);
        }

        PushStringOrNil(argument);
        Run(1, 0);
    }

    public string? ExportState() => Begin("exportState") && Run(0, 1) > 0 ? PopJsonText() : null;

    public void ImportState(string? state)
    {
        if (Begin("importState"))
        {
            PushStringOrNil(state);
            Run(1, 0);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _lua.Close();
        _keepAlive.Clear();
    }

    private ScriptFeatures DetectFeatures()
    {
        ScriptFeatures features = ScriptFeatures.None;
        (string Name, ScriptFeatures Feature)[] optional =
        [
            ("incomingRtp", ScriptFeatures.IncomingRtp),
            ("incomingRtcp", ScriptFeatures.IncomingRtcp),
            ("incomingTextData", ScriptFeatures.IncomingTextData),
            ("incomingBinaryData", ScriptFeatures.IncomingBinaryData),
            ("handleAdminMessage", ScriptFeatures.HandleAdminMessage),
            ("dataReady", ScriptFeatures.DataReady),
            ("slowLink", ScriptFeatures.SlowLink),
            ("exportState", ScriptFeatures.ExportState),
            ("importState", ScriptFeatures.ImportState),
            ("substreamChanged", ScriptFeatures.SubstreamChanged),
            ("temporalLayerChanged", ScriptFeatures.TemporalLayerChanged),
            ("spatialLayerChanged", ScriptFeatures.SpatialLayerChanged),
        ];
        foreach ((string name, ScriptFeatures feature) in optional)
        {
            if (IsFunction(name))
            {
                features |= feature;
            }
        }

        return features;
    }

    private bool IsFunction(string name)
    {
        bool result = _lua.GetGlobal(name) == LuaType.Function;
        _lua.Pop(1);
        return result;
    }

    /// <summary>Pushes the call entry point and the named global; false (nothing pushed) if the script does not define it.</summary>
    private bool Begin(string function)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _lua.CheckStack(8);
        if (_lua.GetGlobal(function) != LuaType.Function)
        {
            _lua.Pop(1);
            return false;
        }

        _lua.RawGetInteger(LuaRegistry.Index, _invokeRef);
        _lua.Insert(-2);
        return true;
    }

    /// <summary>Runs the prepared call under the limits; returns how many results it left (at most <paramref name="results"/>).</summary>
    private int Run(int arguments, int results)
    {
        int baseTop = _lua.GetTop() - arguments - 2;
        long previousDeadline = _deadline;
        _deadline = Stopwatch.GetTimestamp() + (long)(_limits.CallTimeout.TotalSeconds * Stopwatch.Frequency);
        _budget.Exceeded = false;
        LuaStatus status = _lua.PCall(arguments + 1, MultipleResults, 0);
        bool timedOut = _deadline != 0 && Stopwatch.GetTimestamp() > _deadline;
        _deadline = previousDeadline;
        _budget.Enforcing = false;
        if (status != LuaStatus.OK)
        {
            string message = _lua.ToString(-1, false) ?? status.ToString();
            _lua.SetTop(baseTop);
            ScriptException error = _budget.Exceeded || status == LuaStatus.ErrMem
                ? new ScriptMemoryException($"call exceeded the memory limit of {_limits.MemoryLimitBytes / (1024 * 1024)} MB", File)
                : timedOut && message.Contains("time limit", StringComparison.Ordinal)
                    ? new ScriptTimeoutException($"call exceeded the time limit of {_limits.CallTimeout.TotalMilliseconds:0} ms", File)
                    : Translate(message, status);
            if (error is ScriptMemoryException)
            {
                _lua.GarbageCollector(LuaGC.Collect, 0);
            }

            throw error;
        }

        int returned = _lua.GetTop() - baseTop;
        if (returned > results)
        {
            _lua.Pop(returned - results);
            returned = results;
        }

        for (; returned < results; returned++)
        {
            _lua.PushNil();
        }

        return returned;
    }

    private void CallVoid(string function, params long[] arguments)
    {
        if (!Begin(function))
        {
            return;
        }

        foreach (long argument in arguments)
        {
            _lua.PushInteger(argument);
        }

        Run(arguments.Length, 0);
    }

    private void CallPacket(string function, long id, bool video, ReadOnlySpan<byte> buffer)
    {
        if (!Begin(function))
        {
            return;
        }

        _lua.PushInteger(id);
        _lua.PushBoolean(video);
        _lua.PushBuffer(buffer.ToArray());
        _lua.PushInteger(buffer.Length);
        Run(4, 0);
    }

    private string? CallString(string function)
    {
        if (!Begin(function))
        {
            return null;
        }

        Run(0, 1);
        string? value = _lua.Type(-1) is LuaType.String or LuaType.Number ? _lua.ToString(-1, false) : null;
        _lua.Pop(1);
        return value;
    }

    private int? CallInteger(string function)
    {
        if (!Begin(function))
        {
            return null;
        }

        Run(0, 1);
        int? value = _lua.Type(-1) == LuaType.Number ? (int)_lua.ToNumber(-1) : null;
        _lua.Pop(1);
        return value;
    }

    /// <summary>A result that should be JSON: a string is taken as JSON text, a table is encoded.</summary>
    private string? PopJsonText()
    {
        string? text = _lua.Type(-1) == LuaType.Nil ? null : ReadJsonText(-1);
        _lua.Pop(1);
        return text;
    }

    private string ReadJsonText(int index)
    {
        if (_lua.Type(index) == LuaType.Table)
        {
            try
            {
                return LuaJson.Read(_lua, index)?.ToJsonString() ?? "null";
            }
            catch (ScriptApiException e)
            {
                throw new ScriptException(e.Message, File);
            }
        }

        return _lua.ToString(index, false) ?? "";
    }

    private void PushStringOrNil(string? value)
    {
        if (value is null)
        {
            _lua.PushNil();
        }
        else
        {
            _lua.PushString(value);
        }
    }

    private ScriptException Translate(string message, LuaStatus status)
    {
        Match match = LocationPattern().Match(message);
        if (match.Success && int.TryParse(match.Groups[2].Value, out int line))
        {
            return new ScriptException(match.Groups[3].Value, FileNamed(match.Groups[1].Value), line);
        }

        return new ScriptException(status == LuaStatus.ErrSyntax ? "syntax error: " + message : message, File);
    }

    /// <summary>
    /// Lua shortens a chunk name longer than LUA_IDSIZE to "..." and its tail (Lua 5.4 manual, luaO_chunkid):
    /// a shortened name of this script's own file is turned back into the full path.
    /// </summary>
    private string FileNamed(string where) =>
        where.StartsWith("...", StringComparison.Ordinal) && File.EndsWith(where[3..], StringComparison.Ordinal) ? File : where;

    [GeneratedRegex(@"^(.+?):(\d+): (.*)$", RegexOptions.Singleline)]
    private static partial Regex LocationPattern();
}
