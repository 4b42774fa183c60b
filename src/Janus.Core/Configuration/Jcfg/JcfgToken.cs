namespace Janus.Core.Configuration.Jcfg;

/// <summary>One token; <see cref="Text"/> holds a name or a decoded string, the numbers their value.</summary>
internal readonly record struct JcfgToken(JcfgTokenKind Kind, JcfgPosition Position, string Text = "", long Integer = 0, double Float = 0)
{
    public string Describe() => Kind switch
    {
        JcfgTokenKind.End => "end of file",
        JcfgTokenKind.Name => $"name '{Text}'",
        JcfgTokenKind.String => "string",
        JcfgTokenKind.Boolean => "boolean",
        JcfgTokenKind.Integer or JcfgTokenKind.Integer64 => "integer",
        JcfgTokenKind.Float => "float",
        JcfgTokenKind.Equals => "'=' or ':'",
        JcfgTokenKind.Comma => "','",
        JcfgTokenKind.Semicolon => "';'",
        JcfgTokenKind.GroupStart => "'{'",
        JcfgTokenKind.GroupEnd => "'}'",
        JcfgTokenKind.ArrayStart => "'['",
        JcfgTokenKind.ArrayEnd => "']'",
        JcfgTokenKind.ListStart => "'('",
        _ => "')'",
    };
}
