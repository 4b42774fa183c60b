using Janus.Core.Configuration.Jcfg;

namespace Janus.Core.Configuration.Binding;

/// <summary>The groups of one config file. Top-level settings outside a known group add warnings.</summary>
internal sealed class FileBinding
{
    private readonly Dictionary<string, GroupBinding> _groups = new(StringComparer.Ordinal);

    public FileBinding Group(GroupBinding group)
    {
        _groups[group.Name] = group;
        return this;
    }

    public void Bind(JcfgDocument document, ServerOptions options)
    {
        var context = new BindContext(options, options.Warnings);
        foreach (JcfgSetting setting in document.Root.Settings)
        {
            if (!_groups.TryGetValue(setting.Name, out GroupBinding? binding))
            {
                context.Warn(setting.Position, setting.Name, "is not a group this server knows; ignored");
            }
            else if (setting.Value is JcfgGroup group)
            {
                binding.Bind(context, group);
            }
            else
            {
                context.Warn(setting.Position, setting.Name, "must be a group { ... }; ignored");
            }
        }
    }
}
