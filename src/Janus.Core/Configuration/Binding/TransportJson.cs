using Janus.Core.Configuration.Jcfg;

namespace Janus.Core.Configuration.Binding;

/// <summary>The transports' <c>json</c> setting (indented, plain or compact output).</summary>
internal static class TransportJson
{
    /// <summary>Responses are written compact; asking for another format only earns a warning.</summary>
    public static void Check(BindContext context, string what, JcfgValue value) => context.Text(what, value, text =>
    {
        if (!text.Equals("compact", StringComparison.OrdinalIgnoreCase))
        {
            context.Warn(value.Position, what, $"= \"{text}\" is not supported (JSON is always written compact); ignored");
        }
    });
}
