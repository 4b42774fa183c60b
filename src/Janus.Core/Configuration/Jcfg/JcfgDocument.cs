using System.Text.Json.Nodes;

namespace Janus.Core.Configuration.Jcfg;

/// <summary>
/// A parsed <c>.jcfg</c> file (libconfig's format, as Janus reads it). Immutable once loaded; safe to read
/// from any thread. Paths in lookups are setting names joined by dots: <c>"general.admin_secret"</c>.
/// </summary>
public sealed class JcfgDocument
{
    private JcfgDocument(JcfgGroup root, string fileName)
    {
        Root = root;
        FileName = fileName;
    }

    public JcfgGroup Root { get; }

    public string FileName { get; }

    /// <summary>Reads and parses a file. Throws <see cref="JcfgParseException"/> on a syntax error, <see cref="IOException"/> if unreadable.</summary>
    public static JcfgDocument Load(string path)
    {
        string text = File.ReadAllText(path);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        return new JcfgDocument(JcfgParser.Parse(new JcfgSource(text, path, directory)), path);
    }

    /// <summary>Parses text; <paramref name="fileName"/> names it in error messages. Relative <c>@include</c>s resolve from the working directory.</summary>
    public static JcfgDocument Parse(string text, string fileName = "<text>") =>
        new(JcfgParser.Parse(new JcfgSource(text, fileName, directory: null)), fileName);

    /// <summary>The value at a dotted path, or null when any part is missing or not a group.</summary>
    public JcfgValue? Find(string path)
    {
        JcfgValue current = Root;
        foreach (string part in path.Split('.'))
        {
            if (current is not JcfgGroup group || group[part] is not JcfgValue next)
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public JcfgGroup? FindGroup(string path) => Find(path) as JcfgGroup;

    public string? GetString(string path, string? defaultValue = null) =>
        Find(path) is JcfgValue value && value.TryGetText(out string text) ? text : defaultValue;

    public int GetInt32(string path, int defaultValue = 0) =>
        Find(path) is JcfgValue value && value.TryGetInt32(out int number) ? number : defaultValue;

    public long GetInt64(string path, long defaultValue = 0) =>
        Find(path) is JcfgValue value && value.TryGetInt64(out long number) ? number : defaultValue;

    public double GetDouble(string path, double defaultValue = 0) =>
        Find(path) is JcfgValue value && value.TryGetDouble(out double number) ? number : defaultValue;

    public bool GetBoolean(string path, bool defaultValue = false) =>
        Find(path) is JcfgValue value && value.TryGetBoolean(out bool flag) ? flag : defaultValue;

    /// <summary>The whole document as JSON: groups are objects, arrays and lists are arrays, scalars are JSON values.</summary>
    public JsonObject ToJson() => Root.ToJson();
}
