using System.Text;

namespace Janus.Media.Sdp;

/// <summary>
/// Writes the model in the line order RFC 8866 §5 fixes (session: v o s i u e p c b t r z k a; media: m i c b k a),
/// every line ending in CRLF. Lines without a typed property go where their type belongs, in received order.
/// </summary>
internal static class SdpWriter
{
    private const string Crlf = "\r\n";

    public static string Write(SessionDescription description)
    {
        var builder = new StringBuilder(2048);
        builder.Append("v=").Append(SdpTokens.Invariant(description.Version)).Append(Crlf);
        builder.Append("o=").Append(description.Origin.ToString()).Append(Crlf);
        if (description.SessionName is not null)
            builder.Append("s=").Append(description.SessionName).Append(Crlf);
        AppendExtras(builder, description.ExtraLines, "iuep");
        if (description.Connection is not null)
            builder.Append("c=").Append(description.Connection.ToString()).Append(Crlf);
        AppendExtras(builder, description.ExtraLines, "b");
        if (description.Timing is not null)
            builder.Append("t=").Append(description.Timing).Append(Crlf);
        AppendExtras(builder, description.ExtraLines, "tr");
        AppendExtras(builder, description.ExtraLines, "zk");
        AppendUnknown(builder, description.ExtraLines, "iuepbtrzk");
        AppendAttributes(builder, description.Attributes);
        foreach (var media in description.Media)
            AppendMedia(builder, media);
        return builder.ToString();
    }

    public static string WriteMedia(MediaDescription media)
    {
        var builder = new StringBuilder(1024);
        AppendMedia(builder, media);
        return builder.ToString();
    }

    private static void AppendMedia(StringBuilder builder, MediaDescription media)
    {
        builder.Append("m=").Append(media.MediaType).Append(' ').Append(SdpTokens.Invariant(media.Port));
        if (media.PortCount is { } count)
            builder.Append('/').Append(SdpTokens.Invariant(count));
        builder.Append(' ').Append(media.Protocol);
        foreach (var format in media.Formats)
            builder.Append(' ').Append(format);
        builder.Append(Crlf);
        AppendExtras(builder, media.ExtraLines, "i");
        if (media.Connection is not null)
            builder.Append("c=").Append(media.Connection.ToString()).Append(Crlf);
        AppendExtras(builder, media.ExtraLines, "cbk");
        AppendUnknown(builder, media.ExtraLines, "icbk");
        AppendAttributes(builder, media.Attributes);
    }

    private static void AppendAttributes(StringBuilder builder, SdpAttributeList attributes)
    {
        foreach (var attribute in attributes)
        {
            builder.Append("a=").Append(attribute.Name);
            if (attribute.Value is not null)
                builder.Append(':').Append(attribute.Value);
            builder.Append(Crlf);
        }
    }

    private static void AppendExtras(StringBuilder builder, List<SdpLine> lines, string types)
    {
        foreach (var line in lines)
        {
            if (types.Contains(line.Type))
                builder.Append(line.Type).Append('=').Append(line.Value).Append(Crlf);
        }
    }

    private static void AppendUnknown(StringBuilder builder, List<SdpLine> lines, string known)
    {
        foreach (var line in lines)
        {
            if (!known.Contains(line.Type))
                builder.Append(line.Type).Append('=').Append(line.Value).Append(Crlf);
        }
    }
}
