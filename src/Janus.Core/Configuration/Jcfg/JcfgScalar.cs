using System.Globalization;
using System.Text.Json.Nodes;

namespace Janus.Core.Configuration.Jcfg;

/// <summary>A string, integer, 64-bit integer, float or boolean.</summary>
public sealed class JcfgScalar : JcfgValue
{
    private readonly string? _string;
    private readonly long _integer;
    private readonly double _float;

    private JcfgScalar(JcfgValueKind kind, JcfgPosition position, string? text, long integer, double number)
        : base(kind, position)
    {
        _string = text;
        _integer = integer;
        _float = number;
    }

    public static JcfgScalar FromString(string value, JcfgPosition position) => new(JcfgValueKind.String, position, value, 0, 0);

    public static JcfgScalar FromInteger(long value, bool is64Bit, JcfgPosition position) =>
        new(is64Bit ? JcfgValueKind.Integer64 : JcfgValueKind.Integer, position, null, value, 0);

    public static JcfgScalar FromFloat(double value, JcfgPosition position) => new(JcfgValueKind.Float, position, null, 0, value);

    public static JcfgScalar FromBoolean(bool value, JcfgPosition position) => new(JcfgValueKind.Boolean, position, null, value ? 1 : 0, 0);

    /// <summary>The value as the CLR type of its kind: string, int, long, double or bool.</summary>
    public object Value => Kind switch
    {
        JcfgValueKind.String => _string!,
        JcfgValueKind.Integer => (int)_integer,
        JcfgValueKind.Integer64 => _integer,
        JcfgValueKind.Float => _float,
        _ => _integer != 0,
    };

    public override JsonNode ToJsonNode() => Kind switch
    {
        JcfgValueKind.String => JsonValue.Create(_string!),
        JcfgValueKind.Integer => JsonValue.Create((int)_integer),
        JcfgValueKind.Integer64 => JsonValue.Create(_integer),
        // JSON has no NaN or infinity; libconfig's float syntax cannot produce them, but a huge exponent overflows.
        JcfgValueKind.Float => double.IsFinite(_float) ? JsonValue.Create(_float) : JsonValue.Create(_float.ToString(CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(_integer != 0),
    };

    public override bool TryGetText(out string text)
    {
        text = Kind switch
        {
            JcfgValueKind.String => _string!,
            JcfgValueKind.Integer or JcfgValueKind.Integer64 => _integer.ToString(CultureInfo.InvariantCulture),
            JcfgValueKind.Float => _float.ToString("R", CultureInfo.InvariantCulture),
            _ => _integer != 0 ? "true" : "false",
        };
        return true;
    }

    public override bool TryGetInt64(out long value)
    {
        switch (Kind)
        {
            case JcfgValueKind.Integer or JcfgValueKind.Integer64:
                value = _integer;
                return true;
            case JcfgValueKind.Float when _float == Math.Floor(_float) && _float is >= long.MinValue and < long.MaxValue:
                value = (long)_float;
                return true;
            case JcfgValueKind.String:
                return TryParseIntegerText(_string!, out value);
            default:
                value = 0;
                return false;
        }
    }

    public override bool TryGetDouble(out double value)
    {
        switch (Kind)
        {
            case JcfgValueKind.Integer or JcfgValueKind.Integer64:
                value = _integer;
                return true;
            case JcfgValueKind.Float:
                value = _float;
                return true;
            case JcfgValueKind.String:
                return double.TryParse(_string, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default:
                value = 0;
                return false;
        }
    }

    public override bool TryGetBoolean(out bool value)
    {
        switch (Kind)
        {
            case JcfgValueKind.Boolean or JcfgValueKind.Integer or JcfgValueKind.Integer64:
                value = _integer != 0;
                return true;
            case JcfgValueKind.String:
                return TryParseBooleanText(_string!, out value);
            default:
                value = false;
                return false;
        }
    }

    public override string ToString() => TryGetText(out string text) ? text : "";
}
