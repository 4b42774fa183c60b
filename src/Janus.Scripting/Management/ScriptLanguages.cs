using Janus.Scripting.Hosting;
using Janus.Scripting.Lua;

namespace Janus.Scripting.Management;

/// <summary>Which runtime loads which file: the folder and extension decide.</summary>
internal static class ScriptLanguages
{
    public const string Lua = "lua";
    public const string JavaScript = "js";
    public const string CSharp = "csx";

    public static string? LanguageOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".lua" => Lua,
        ".js" => JavaScript,
        ".csx" => CSharp,
        _ => null,
    };

    /// <summary>Loads one version of a script (main chunk run, getters read; init not called yet).</summary>
    public static IScriptInstance Load(string language, string file, ScriptHostApi api, ScriptLimits limits) => language switch
    {
        Lua => LuaScriptInstance.Load(file, api, limits),
        JavaScript => Js.JsScriptInstance.Load(file, api, limits),
        CSharp => Janus.Scripting.CSharp.CSharpScriptCompiler.Load(file, api),
        _ => throw new ScriptException($"no runtime for '{language}'", file),
    };
}
