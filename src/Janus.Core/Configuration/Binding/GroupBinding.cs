using Janus.Core.Configuration.Jcfg;

namespace Janus.Core.Configuration.Binding;

/// <summary>
/// The settings one group of a Janus config file may hold, and what each does. A setting with no handler, or a
/// handler marked unsupported whose value asks for something, adds a warning.
/// </summary>
internal sealed class GroupBinding
{
    private readonly Dictionary<string, Action<BindContext, string, JcfgValue>> _handlers = new(StringComparer.Ordinal);

    public GroupBinding(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public GroupBinding On(string setting, Action<BindContext, string, JcfgValue> handler)
    {
        _handlers[setting] = handler;
        return this;
    }

    /// <summary>Known settings we do not implement; silent when their value is off (false, 0, empty), a warning otherwise.</summary>
    public GroupBinding Unsupported(string reason, params string[] settings)
    {
        foreach (string setting in settings)
        {
            _handlers[setting] = (context, what, value) =>
            {
                if (!IsOff(value))
                {
                    context.Warn(value.Position, what, $"is not supported ({reason}); ignored");
                }
            };
        }

        return this;
    }

    /// <summary>Known settings with no effect here and nothing lost by ignoring them.</summary>
    public GroupBinding Accepted(params string[] settings)
    {
        foreach (string setting in settings)
        {
            _handlers[setting] = static (_, _, _) => { };
        }

        return this;
    }

    public void Bind(BindContext context, JcfgGroup group)
    {
        foreach (JcfgSetting setting in group.Settings)
        {
            string what = $"{Name}.{setting.Name}";
            if (_handlers.TryGetValue(setting.Name, out Action<BindContext, string, JcfgValue>? handler))
            {
                handler(context, what, setting.Value);
            }
            else
            {
                context.Warn(setting.Position, what, "is not a setting this server knows; ignored");
            }
        }
    }

    private static bool IsOff(JcfgValue value)
    {
        if (value.Kind == JcfgValueKind.String)
        {
            value.TryGetText(out string text);
            return text.Length == 0 || (value.TryGetBoolean(out bool flag) && !flag);
        }

        return value.IsScalar && value.TryGetBoolean(out bool off) && !off;
    }
}
