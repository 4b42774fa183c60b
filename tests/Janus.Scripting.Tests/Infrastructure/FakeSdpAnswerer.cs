using System.Text.Json.Nodes;
using Janus.Media.Sdp;

namespace Janus.Scripting.Tests.Infrastructure;

/// <summary>Answers any offer containing "v=0" with a marker SDP that names the options it got.</summary>
internal sealed class FakeSdpAnswerer : ISdpAnswerer
{
    public string GenerateAnswer(string offerSdp, JsonObject? options)
    {
        if (!offerSdp.StartsWith("v=0", StringComparison.Ordinal))
        {
            throw new FormatException("not an SDP offer");
        }

        return "v=0\r\ns=answer\r\na=x-options:" + (options?.ToJsonString() ?? "{}") + "\r\n";
    }
}
