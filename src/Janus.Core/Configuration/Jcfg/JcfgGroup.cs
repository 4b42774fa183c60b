using System.Text.Json.Nodes;

namespace Janus.Core.Configuration.Jcfg;

/// <summary>A group <c>{ }</c>: named settings, in file order, names unique (as in libconfig).</summary>
public sealed class JcfgGroup : JcfgValue
{
    private readonly List<JcfgSetting> _settings = new();
    private readonly Dictionary<string, JcfgSetting> _byName = new(StringComparer.Ordinal);

    internal JcfgGroup(JcfgPosition position)
        : base(JcfgValueKind.Group, position)
    {
    }

    public IReadOnlyList<JcfgSetting> Settings => _settings;

    /// <summary>The value of the setting called <paramref name="name"/>, or null.</summary>
    public JcfgValue? this[string name] => _byName.TryGetValue(name, out JcfgSetting? setting) ? setting.Value : null;

    internal bool TryAdd(JcfgSetting setting)
    {
        if (!_byName.TryAdd(setting.Name, setting))
        {
            return false;
        }

        _settings.Add(setting);
        return true;
    }

    public override JsonNode ToJsonNode() => ToJson();

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (JcfgSetting setting in _settings)
        {
            json[setting.Name] = setting.Value.ToJsonNode();
        }

        return json;
    }
}
