using System.Reflection;
using System.Text.Json.Nodes;
using Janus.Core.Plugins;
using Janus.Scripting.Api;
using Janus.Scripting.CSharp;
using Janus.Scripting.Hosting;
using McMaster.NETCore.Plugins;

namespace Janus.Scripting.Native;

/// <summary>
/// Loads a compiled plugin from plugins/native/NAME/NAME.dll into its own unloadable load context
/// (McMaster.NETCore.Plugins), sharing the contract types with the server. A class deriving from
/// <see cref="ScriptPlugin"/> runs like a C# script (queue, relay graph, reload keeping sessions); a class
/// implementing <see cref="IPlugin"/> directly is handed to the catalog as it is.
/// </summary>
internal static class NativePluginLoader
{
    private static readonly Type[] SharedTypes = [typeof(IPlugin), typeof(ScriptPlugin), typeof(JsonObject)];

    /// <summary>The dll a folder under native/ must contain: its own name.</summary>
    public static string AssemblyPathFor(string pluginFolder) =>
        Path.Combine(pluginFolder, Path.GetFileName(pluginFolder) + ".dll");

    public static NativeLoad Load(string dll, ScriptHostApi api)
    {
        PluginLoader loader = PluginLoader.CreateFromAssemblyFile(dll, isUnloadable: true, SharedTypes, config => config.LoadInMemory = true);
        try
        {
            Assembly assembly = loader.LoadDefaultAssembly();
            Type[] types = assembly.GetExportedTypes();
            foreach (Type type in types)
            {
                if (!type.IsAbstract && typeof(ScriptPlugin).IsAssignableFrom(type))
                {
                    var plugin = (ScriptPlugin)Activator.CreateInstance(type)!;
                    return new NativeLoad(new ScriptPluginInstance(plugin, "native", dll, api, loader.Dispose), null, null);
                }
            }

            foreach (Type type in types)
            {
                if (!type.IsAbstract && typeof(IPlugin).IsAssignableFrom(type))
                {
                    return new NativeLoad(null, (IPlugin)Activator.CreateInstance(type)!, loader);
                }
            }

            throw new ScriptException("the assembly has no public class implementing IPlugin or deriving from ScriptPlugin", dll);
        }
        catch (Exception e) when (e is not ScriptException)
        {
            loader.Dispose();
            throw new ScriptException($"{e.GetType().Name}: {e.Message}", dll, 0, e);
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }
}

/// <summary>Either a script-model instance or a raw IPlugin with the loader that must be disposed to unload it.</summary>
internal sealed record NativeLoad(ScriptPluginInstance? Scripted, IPlugin? Raw, PluginLoader? Loader);
