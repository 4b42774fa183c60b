using Janus.Core.Configuration.Jcfg;

namespace Janus.Core.Configuration.Binding;

/// <summary>
/// Reads setting values the way Janus does (every scalar may be text: <c>"yes"</c>, <c>"8088"</c>) and turns
/// values it cannot use into warnings, never errors: a config file that parses always lets the server start.
/// </summary>
internal sealed class BindContext
{
    private readonly List<string> _warnings;

    public BindContext(ServerOptions options, List<string> warnings)
    {
        Options = options;
        _warnings = warnings;
    }

    public ServerOptions Options { get; }

    public void Warn(JcfgPosition at, string what, string message) =>
        _warnings.Add($"{at.FileName}:{at.Line}: {what} {message}");

    public void Bool(string what, JcfgValue value, Action<bool> apply)
    {
        if (value.TryGetBoolean(out bool flag))
        {
            apply(flag);
        }
        else
        {
            Warn(value.Position, what, "is not a boolean (true/false, yes/no, 1/0); ignored");
        }
    }

    public void Int(string what, JcfgValue value, int min, int max, Action<int> apply)
    {
        if (value.TryGetInt64(out long number) && number >= min && number <= max)
        {
            apply((int)number);
        }
        else
        {
            Warn(value.Position, what, $"must be an integer from {min} to {max}; ignored");
        }
    }

    public void Text(string what, JcfgValue value, Action<string> apply)
    {
        if (value.TryGetText(out string text))
        {
            apply(text);
        }
        else
        {
            Warn(value.Position, what, "must be a single value, not a group or list; ignored");
        }
    }

    /// <summary>A comma-separated string (Janus's form) or an array/list of strings; replaces <paramref name="target"/>.</summary>
    public void List(string what, JcfgValue value, List<string> target)
    {
        var items = new List<string>();
        if (value is JcfgCollection collection)
        {
            foreach (JcfgValue item in collection.Items)
            {
                if (!item.TryGetText(out string text))
                {
                    Warn(item.Position, what, "must list plain values; ignored");
                    return;
                }

                items.Add(text.Trim());
            }
        }
        else if (value.TryGetText(out string joined))
        {
            foreach (string part in joined.Split(','))
            {
                items.Add(part.Trim());
            }
        }
        else
        {
            Warn(value.Position, what, "must be a comma-separated string or an array; ignored");
            return;
        }

        target.Clear();
        foreach (string item in items)
        {
            if (item.Length > 0)
            {
                target.Add(item);
            }
        }
    }

    /// <summary>
    /// A folder path; the shipped Janus samples are autoconf templates holding placeholders such as <c>@plugindir@</c>,
    /// which are kept out of the options so an unprocessed sample still starts with our defaults.
    /// </summary>
    public void Folder(string what, JcfgValue value, Action<string> apply) => Text(what, value, text =>
    {
        if (text.Length > 1 && text[0] == '@' && text[^1] == '@')
        {
            Warn(value.Position, what, $"is an unprocessed template placeholder ({text}); the default is kept");
        }
        else
        {
            apply(text);
        }
    });
}
