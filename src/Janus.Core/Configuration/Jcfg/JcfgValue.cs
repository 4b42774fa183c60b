using System.Globalization;
using System.Text.Json.Nodes;

namespace Janus.Core.Configuration.Jcfg;

/// <summary>
/// One value of a <c>.jcfg</c> document: a group, an array, a list or a scalar.
/// The conversions follow Janus, which reads every scalar as text: a boolean setting may be written
/// <c>true</c>, <c>"yes"</c> or <c>1</c>, a number may be quoted.
/// </summary>
public abstract class JcfgValue
{
    private protected JcfgValue(JcfgValueKind kind, JcfgPosition position)
    {
        Kind = kind;
        Position = position;
    }

    public JcfgValueKind Kind { get; }

    public JcfgPosition Position { get; }

    public bool IsScalar => Kind is not (JcfgValueKind.Group or JcfgValueKind.Array or JcfgValueKind.List);

    /// <summary>Groups become objects, arrays and lists become arrays, scalars become JSON values.</summary>
    public abstract JsonNode ToJsonNode();

    /// <summary>The scalar as text (numbers in invariant culture, booleans as <c>true</c>/<c>false</c>); false for groups and collections.</summary>
    public virtual bool TryGetText(out string text)
    {
        text = "";
        return false;
    }

    /// <summary>Integers, integral floats and numeric strings.</summary>
    public virtual bool TryGetInt64(out long value)
    {
        value = 0;
        return false;
    }

    public bool TryGetInt32(out int value)
    {
        if (TryGetInt64(out long wide) && wide is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)wide;
            return true;
        }

        value = 0;
        return false;
    }

    public virtual bool TryGetDouble(out double value)
    {
        value = 0;
        return false;
    }

    /// <summary>Booleans; integers (non-zero is true); strings <c>true/yes/1</c> and <c>false/no/0</c> in any case.</summary>
    public virtual bool TryGetBoolean(out bool value)
    {
        value = false;
        return false;
    }

    private protected static bool TryParseBooleanText(string text, out bool value)
    {
        string trimmed = text.Trim();
        if (trimmed.Equals("true", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("yes", StringComparison.OrdinalIgnoreCase) || trimmed == "1")
        {
            value = true;
            return true;
        }

        if (trimmed.Equals("false", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("no", StringComparison.OrdinalIgnoreCase) || trimmed == "0")
        {
            value = false;
            return true;
        }

        value = false;
        return false;
    }

    private protected static bool TryParseIntegerText(string text, out long value) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
