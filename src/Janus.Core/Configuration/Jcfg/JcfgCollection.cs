using System.Text.Json.Nodes;

namespace Janus.Core.Configuration.Jcfg;

/// <summary>
/// An array <c>[ ]</c> (scalars of one type) or a list <c>( )</c> (any values, including unnamed groups).
/// </summary>
public sealed class JcfgCollection : JcfgValue
{
    private readonly List<JcfgValue> _items = new();

    internal JcfgCollection(JcfgValueKind kind, JcfgPosition position)
        : base(kind, position)
    {
    }

    public IReadOnlyList<JcfgValue> Items => _items;

    internal void Add(JcfgValue item) => _items.Add(item);

    public override JsonNode ToJsonNode()
    {
        var array = new JsonArray();
        foreach (JcfgValue item in _items)
        {
            array.Add(item.ToJsonNode());
        }

        return array;
    }
}
