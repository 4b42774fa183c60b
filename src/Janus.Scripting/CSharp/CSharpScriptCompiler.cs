using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Janus.Core.Logging;
using Janus.Core.Plugins;
using Janus.Scripting.Api;
using Janus.Scripting.Hosting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Janus.Scripting.CSharp;

/// <summary>
/// Turns a .csx file into a plugin: an assembly loaded in a collectible AssemblyLoadContext, whose top-level code
/// returns the <see cref="ScriptPlugin"/>. Unlike CSharpScript.EvaluateAsync, nothing stays loaded once the context is
/// unloaded. The assembly comes from <see cref="CompiledScriptCache"/> when this exact source was compiled before by
/// this build of the server, so Roslyn (about 120 MB of a server's resident memory) is loaded only when a script is new
/// or changed. C# scripts are trusted code: Roslyn cannot sandbox them.
/// </summary>
internal static class CSharpScriptCompiler
{
    private static int s_compilations;

    /// <summary>How many times Roslyn compiled a script in this process (tests: a cache hit compiles nothing).</summary>
    internal static int Compilations => Volatile.Read(ref s_compilations);

    /// <summary>Where compiled scripts are kept; null turns the cache off (tests set their own folder).</summary>
    internal static CompiledScriptCache? Cache { get; set; } = CompiledScriptCache.Default();

    public static ScriptPluginInstance Load(string file, ScriptHostApi api)
    {
        string source = System.IO.File.ReadAllText(file);
        if (Cache?.TryGet(file, source) is { } cached)
        {
            try
            {
                return Run(file, api, cached);
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException or TypeLoadException)
            {
                // A damaged cache entry costs a compile, not the plugin.
                JanusLog.Warn($"Compiled copy of {Path.GetFileName(file)} in {Cache.Folder} is unusable ({e.Message}): compiling again");
            }
        }
        CompiledScript compiled = RoslynCompiler.Compile(file, source);
        Interlocked.Increment(ref s_compilations);
        Cache?.Put(file, source, compiled);
        return Run(file, api, compiled);
    }

    // Runs the submission's factory in its own collectible context. No Roslyn type is touched here: a cache hit
    // never loads the compiler.
    private static ScriptPluginInstance Run(string file, ScriptHostApi api, CompiledScript compiled)
    {
        var context = new AssemblyLoadContext("csx-" + Path.GetFileNameWithoutExtension(file) + "-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        try
        {
            using var assembly = new MemoryStream(compiled.Assembly, writable: false);
            using var symbols = new MemoryStream(compiled.Symbols, writable: false);
            Assembly loaded = context.LoadFromStream(assembly, symbols);
            Type submission = loaded.GetType(compiled.EntryType, throwOnError: true)!;
            MethodInfo factory = submission.GetMethod(compiled.EntryMethod, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                ?? throw new ScriptException("the script has no entry point", file);

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

    /// <summary>Everything that touches Roslyn, in a class of its own so that its statics load only on a compile.</summary>
    private static class RoslynCompiler
    {
        private static readonly string[] DefaultUsings =
        [
            "System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Text.Json", "System.Text.Json.Nodes",
            "System.Threading", "System.Threading.Tasks", "Janus.Scripting.Api",
        ];

        private static readonly MetadataReference[] References = LoadReferences();

        public static CompiledScript Compile(string file, string source)
        {
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
            CSharpCompilation compilation = CSharpCompilation.CreateScriptCompilation(name, tree, References, options, returnType: typeof(object));

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
            return new CompiledScript(assembly.ToArray(), symbols.ToArray(), entry.ContainingType.MetadataName, entry.Name);
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
}
