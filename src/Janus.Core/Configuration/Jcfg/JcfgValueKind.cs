namespace Janus.Core.Configuration.Jcfg;

/// <summary>The value types of libconfig. Integers keep whether they were 64-bit (an <c>L</c> suffix or too big for 32 bits).</summary>
public enum JcfgValueKind
{
    Group,
    Array,
    List,
    String,
    Integer,
    Integer64,
    Float,
    Boolean,
}
