namespace Janus.Core.Configuration.Jcfg;

internal enum JcfgTokenKind
{
    End,
    Name,
    String,
    Boolean,
    Integer,
    Integer64,
    Float,
    Equals,
    Comma,
    Semicolon,
    GroupStart,
    GroupEnd,
    ArrayStart,
    ArrayEnd,
    ListStart,
    ListEnd,
}
