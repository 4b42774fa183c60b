using System.Text;
using Janus.Media.Sdp;

namespace Janus.Media.Tests.Sdp;

/// <summary>Random and mutated SDP: the parser either succeeds or reports <see cref="SdpParseException"/>, nothing else.</summary>
public sealed class SdpFuzzTests
{
    private const int Iterations = 3000;

    /// <summary>Fewer for mutated browser SDP: each one that parses also gets answered and merged.</summary>
    private const int MutatedIterations = 1500;
    private static readonly string[] s_pieces =
    [
        "v=0", "o=- 1 2 IN IP4 1.2.3.4", "s=-", "t=0 0", "m=audio 9 UDP/TLS/RTP/SAVPF 111", "m=video 0 x", "m=application 9 DTLS/SCTP 5000",
        "c=IN IP4 0.0.0.0", "a=rtpmap:111 opus/48000/2", "a=simulcast:send a;~b,c recv d", "a=rid:h send pt=96;max-width=1",
        "a=extmap:3/sendonly urn:x", "a=ssrc-group:FID 1 2", "a=candidate:1 1 udp 1 1.2.3.4 5 typ host", "a=", "=", ":", " ", "\r\n", "\n", "\r",
    ];

    [Fact]
    public void RandomBytesOnlyEverGiveTheDocumentedError()
    {
        var random = new Random(8866);
        for (int i = 0; i < Iterations; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            var text = (i % 2 == 0 ? "v=0\r\n" : string.Empty) + Encoding.Latin1.GetString(bytes);
            Exercise(text);
        }
    }

    [Fact]
    public void ShuffledSdpPiecesOnlyEverGiveTheDocumentedError()
    {
        var random = new Random(3264);
        for (int i = 0; i < Iterations; i++)
        {
            var builder = new StringBuilder("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n");
            int count = random.Next(1, 30);
            for (int j = 0; j < count; j++)
                builder.Append(s_pieces[random.Next(s_pieces.Length)]).Append(random.Next(3) == 0 ? "\n" : "\r\n");
            Exercise(builder.ToString());
        }
    }

    [Fact]
    public void MutatedBrowserSdpOnlyEverGivesTheDocumentedError()
    {
        var random = new Random(8829);
        int parsedCount = 0;
        for (int i = 0; i < MutatedIterations; i++)
        {
            var source = SdpFixtures.All[i % SdpFixtures.All.Length].ToCharArray();
            var chars = new List<char>(source);
            int mutations = random.Next(1, 12);
            for (int m = 0; m < mutations && chars.Count > 0; m++)
            {
                int at = random.Next(chars.Count);
                switch (random.Next(4))
                {
                    case 0:
                        chars[at] = (char)random.Next(0, 128);
                        break;
                    case 1:
                        chars.RemoveAt(at);
                        break;
                    case 2:
                        chars.Insert(at, " :=/;,~\r\n0-9"[random.Next(12)]);
                        break;
                    default:
                        chars.RemoveRange(at, Math.Min(chars.Count - at, random.Next(1, 40)));
                        break;
                }
            }
            if (Exercise(new string([.. chars])))
                parsedCount++;
        }
        // The mutations must leave some inputs parseable, or the typed views below would never be exercised.
        Assert.InRange(parsedCount, 1, MutatedIterations - 1);
    }

    /// <summary>Parses, and when that works, reads every typed view and builds answers: none may throw.</summary>
    private static bool Exercise(string text)
    {
        if (!SessionDescription.TryParse(text, out var sdp, out var error))
        {
            Assert.NotNull(error);
            Assert.Throws<SdpParseException>(() => SessionDescription.Parse(text));
            return false;
        }
        _ = sdp.ToString();
        _ = sdp.Groups;
        _ = sdp.MsidSemantic;
        _ = sdp.Fingerprint;
        foreach (var media in sdp.Media)
        {
            _ = media.Mid;
            _ = media.Direction;
            _ = media.GetCodecs();
            _ = media.GetNegotiatedCodec();
            _ = media.GetRtxPayloadTypes();
            _ = media.GetSimulcastInfo();
            _ = media.GetPrimarySsrc();
            _ = media.Candidates;
            _ = media.Rtcp;
            _ = media.SctpMap;
            _ = media.MaxMessageSize;
            _ = media.Msid;
        }
        var answer = SdpAnswers.Create(sdp);
        Assert.Equal(sdp.Media.Count, answer.Media.Count);
        Assert.True(SessionDescription.TryParse(answer.ToString(), out _));
        SdpTransport.TryExtractRemote(sdp, out _, out _);
        _ = SdpTransport.MergeLocal(answer, new SdpLocalTransport { IceUfrag = "u", IcePwd = "p", Fingerprint = "AA" }).ToString();
        return true;
    }
}
