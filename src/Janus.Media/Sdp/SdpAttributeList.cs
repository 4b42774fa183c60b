using System.Collections;

namespace Janus.Media.Sdp;

/// <summary>
/// The <c>a=</c> lines of a session or media section, in the order they were received or added.
/// Lookups are by attribute name, case-sensitive as browsers write them.
/// </summary>
public sealed class SdpAttributeList : IReadOnlyList<SdpAttribute>
{
    private readonly List<SdpAttribute> _items = [];

    public int Count => _items.Count;

    public SdpAttribute this[int index] => _items[index];

    public IEnumerator<SdpAttribute> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Has(string name) => IndexOf(name) >= 0;

    /// <summary>The first attribute with this name, or null.</summary>
    public SdpAttribute? Find(string name)
    {
        int index = IndexOf(name);
        return index < 0 ? null : _items[index];
    }

    /// <summary>The value of the first attribute with this name (null for a flag or when absent).</summary>
    public string? GetValue(string name) => Find(name)?.Value;

    /// <summary>The values of every attribute with this name, in order.</summary>
    public List<string> GetValues(string name)
    {
        var values = new List<string>();
        foreach (var attribute in _items)
        {
            if (attribute.Name == name && attribute.Value is not null)
                values.Add(attribute.Value);
        }
        return values;
    }

    public int IndexOf(string name)
    {
        for (int i = 0; i < _items.Count; i++)
        {
            if (_items[i].Name == name)
                return i;
        }
        return -1;
    }

    public void Add(SdpAttribute attribute) => _items.Add(attribute);

    public void Add(string name, string? value = null) => _items.Add(new SdpAttribute(name, value));

    public void Insert(int index, SdpAttribute attribute) => _items.Insert(index, attribute);

    /// <summary>Replaces the first attribute with this name in place, or appends one; later duplicates are removed.</summary>
    public void Set(string name, string? value = null)
    {
        int index = IndexOf(name);
        if (index < 0)
        {
            _items.Add(new SdpAttribute(name, value));
            return;
        }
        _items[index] = new SdpAttribute(name, value);
        for (int i = _items.Count - 1; i > index; i--)
        {
            if (_items[i].Name == name)
                _items.RemoveAt(i);
        }
    }

    /// <summary>Removes every attribute with this name; returns how many went.</summary>
    public int Remove(string name) => _items.RemoveAll(a => a.Name == name);

    public int RemoveAll(Predicate<SdpAttribute> match) => _items.RemoveAll(match);

    public void RemoveAt(int index) => _items.RemoveAt(index);

    public void Clear() => _items.Clear();
}
