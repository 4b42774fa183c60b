using System.Text.Json.Nodes;
using Janus.Core.Configuration.Jcfg;

namespace Janus.Core.Configuration;

/// <summary>Reads a plugin's <c>PACKAGE.jcfg</c> (for example <c>janus.plugin.echotest.jcfg</c>) as JSON, the form plugins receive.</summary>
public static class PluginConfigLoader
{
    /// <summary>
    /// The configuration of <paramref name="package"/> from <paramref name="configFolder"/>, or null when the file
    /// does not exist. Throws <see cref="JcfgParseException"/> (file, line, column) on a syntax error.
    /// </summary>
    public static JsonObject? Load(string configFolder, string package)
    {
        string path = Path.Combine(configFolder, package + ".jcfg");
        return File.Exists(path) ? JcfgDocument.Load(path).ToJson() : null;
    }
}
