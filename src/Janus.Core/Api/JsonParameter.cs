namespace Janus.Core.Api;

/// <summary>The JSON types a Janus request element may be required to have (jansson's json_type).</summary>
internal enum JsonParameterType
{
    String,
    Integer,
    Real,
    Boolean,
    Object,
    Array,
}

[Flags]
internal enum JsonParameterFlags
{
    None = 0,
    Required = 1,
    Positive = 2,
    NonEmpty = 4,
}

/// <summary>One element a request may carry, checked the way Janus's JANUS_VALIDATE_JSON_OBJECT checks it.</summary>
internal readonly record struct JsonParameter(string Name, JsonParameterType Type, JsonParameterFlags Flags = JsonParameterFlags.None);
