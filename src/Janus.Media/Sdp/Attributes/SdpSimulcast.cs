using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Sdp;

/// <summary>One rid in an <c>a=simulcast</c> list; <see cref="Paused"/> is the <c>~</c> prefix (RFC 8853 §5.1).</summary>
public sealed record SdpSimulcastRid(string Id, bool Paused = false)
{
    public override string ToString() => Paused ? "~" + Id : Id;
}

/// <summary>
/// <c>a=simulcast:send h;m;~l recv x</c> (RFC 8853 §5.1). Each stream is a list of alternative rids
/// (written with <c>,</c>); streams are separated by <c>;</c>. The <c>rid=</c> prefix of the older draft Firefox wrote is accepted.
/// </summary>
public sealed record SdpSimulcast(IReadOnlyList<IReadOnlyList<SdpSimulcastRid>> Send, IReadOnlyList<IReadOnlyList<SdpSimulcastRid>> Recv)
{
    /// <summary>The first alternative of each send stream, in order.</summary>
    public IReadOnlyList<SdpSimulcastRid> SendRids => FirstOfEach(Send);

    public IReadOnlyList<SdpSimulcastRid> RecvRids => FirstOfEach(Recv);

    public static SdpSimulcast ForSend(IEnumerable<string> rids) => new(Streams(rids), []);

    public static SdpSimulcast ForRecv(IEnumerable<string> rids) => new([], Streams(rids));

    /// <summary>Equal when written the same: the lists compare by content, not by reference.</summary>
    public bool Equals(SdpSimulcast? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public override string ToString()
    {
        var parts = new List<string>(2);
        if (Send.Count > 0)
            parts.Add("send " + Write(Send));
        if (Recv.Count > 0)
            parts.Add("recv " + Write(Recv));
        return string.Join(' ', parts);
    }

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpSimulcast? simulcast)
    {
        simulcast = null;
        if (value is null)
            return false;
        var words = SdpTokens.Words(value);
        if (words.Length is not (2 or 4))
            return false;
        IReadOnlyList<IReadOnlyList<SdpSimulcastRid>> send = [], recv = [];
        for (int i = 0; i < words.Length; i += 2)
        {
            if (!TryParseStreams(words[i + 1], out var streams))
                return false;
            if (words[i] == "send" && send.Count == 0)
                send = streams;
            else if (words[i] == "recv" && recv.Count == 0)
                recv = streams;
            else
                return false;
        }
        simulcast = new SdpSimulcast(send, recv);
        return true;
    }

    private static bool TryParseStreams(string text, out List<IReadOnlyList<SdpSimulcastRid>> streams)
    {
        streams = [];
        if (text.StartsWith("rid=", StringComparison.Ordinal))
            text = text[4..];
        foreach (var stream in text.Split(';'))
        {
            var alternatives = new List<SdpSimulcastRid>();
            foreach (var alternative in stream.Split(','))
            {
                bool paused = alternative.StartsWith('~');
                var id = paused ? alternative[1..] : alternative;
                if (id.Length == 0)
                    return false;
                alternatives.Add(new SdpSimulcastRid(id, paused));
            }
            streams.Add(alternatives);
        }
        return streams.Count > 0;
    }

    private static string Write(IReadOnlyList<IReadOnlyList<SdpSimulcastRid>> streams)
    {
        var parts = new string[streams.Count];
        for (int i = 0; i < parts.Length; i++)
            parts[i] = string.Join(',', streams[i]);
        return string.Join(';', parts);
    }

    private static List<IReadOnlyList<SdpSimulcastRid>> Streams(IEnumerable<string> rids)
    {
        var streams = new List<IReadOnlyList<SdpSimulcastRid>>();
        foreach (var rid in rids)
            streams.Add([new SdpSimulcastRid(rid)]);
        return streams;
    }

    private static List<SdpSimulcastRid> FirstOfEach(IReadOnlyList<IReadOnlyList<SdpSimulcastRid>> streams)
    {
        var result = new List<SdpSimulcastRid>(streams.Count);
        foreach (var stream in streams)
        {
            if (stream.Count > 0)
                result.Add(stream[0]);
        }
        return result;
    }
}
