using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Janus.Core.Plugins;
using Janus.Scripting.Api;
using Janus.Scripting.Hosting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Janus.Scripting.CSharp;

/// <summary>
/// Compiles a .csx file with Roslyn into an in-memory assembly loaded in a collectible AssemblyLoadContext, runs
/// its top-level code, and takes the <see cref="ScriptPlugin"/> it returns. Unlike CSharpScript.EvaluateAsync,
/// nothing stays loaded once the context is unloaded. C# scripts are trusted code: Roslyn cannot sandbox them.
/// </summary>
internal static class CSharpScriptCompiler
{
    private static readonly string[] DefaultUsings =
    [
        "System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Text.Json", "System.Text.Json.Nodes",
        "System.Threading", "System.Threading.Tasks", "Janus.Scripting.Api",
    ];

    private static readonly Lazy<MetadataReference[]> References = new(LoadReferences);

    public static ScriptPluginInstance Load(string file, ScriptHostApi api)
    {
        string source = System.IO.File.ReadAllText(file);
        SyntaxTree tree = CSharpSyntaxTree.ParseText(
            source,
            new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script),
            path: file,
            encoding: Encoding.UTF8);
        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            usings: DefaultUsings,
            optimizationLevel: OptimizationLevel.Release,
            nullableContextOptions: NullableContextOptions.Enable);
        string name = "csx-" + Path.GetFileNameWithoutExtension(file) + "-" + Guid.NewGuid().ToString("N");
        CSharpCompilation compilation = CSharpCompilation.CreateScriptCompilation(name, tree, References.Value, options, returnType: typeof(object));

        using var assembly = new MemoryStream();
        using var symbols = new MemoryStream();
        EmitResult result = compilation.Emit(assembly, symbols, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        if (!result.Success)
        {
            Diagnostic error = result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
            int line = error.Location.GetLineSpan().StartLinePosition.Line + 1;
            throw new ScriptException($"{error.Id}: {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}", file, line);
        }

        IMethodSymbol entry = compilation.GetEntryPoint(CancellationToken.None)
            ?? throw new ScriptException("the script has no entry point", file);
        assembly.Position = 0;
        symbols.Position = 0;
        var context = new AssemblyLoadContext(name, isCollectible: true);
        try
        {
            Assembly loaded = context.LoadFromStream(assembly, symbols);
            Type submission = loaded.GetType(entry.ContainingType.MetadataName, throwOnError: true)!;
            MethodInfo factory = submission.GetMethod(entry.Name, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!;

            // Slot 0 holds the globals object (none), slot 1 this submission: the layout Roslyn's script runner uses.
            object? value;
            try
            {
                var run = (Task<object>)factory.Invoke(null, [new object?[2]])!;
                value = run.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                Exception cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
                throw new ScriptException($"{cause.GetType().Name}: {cause.Message}", file, 0, cause);
            }

            if (value is not ScriptPlugin plugin)
            {
                throw new ScriptException("the script must end with `return new MyPlugin();` where MyPlugin derives from ScriptPlugin", file);
            }

            return new ScriptPluginInstance(plugin, "csx", file, api, context.Unload);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    private static MetadataReference[] LoadReferences()
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        string trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "";
        foreach (string path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string fileName = Path.GetFileName(path);
            if (fileName.StartsWith("System.", StringComparison.Ordinal) || fileName is "netstandard.dll" or "mscorlib.dll" or "Microsoft.CSharp.dll")
            {
                paths.Add(path);
            }
        }

        paths.Add(typeof(object).Assembly.Location);
        paths.Add(typeof(IPlugin).Assembly.Location);
        paths.Add(typeof(ScriptPlugin).Assembly.Location);
        var references = new List<MetadataReference>(paths.Count);
        foreach (string path in paths)
        {
            if (System.IO.File.Exists(path))
            {
                references.Add(MetadataReference.CreateFromFile(path));
            }
        }

        return [.. references];
    }
}
