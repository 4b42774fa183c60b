using System.Text.Json.Nodes;
using Janus.Media.Sdp;

namespace Janus.Scripting.Management;

/// <summary>Used until the host wires an answerer: every call fails with a message saying so.</summary>
internal sealed class MissingSdpAnswerer : ISdpAnswerer
{
    public static readonly MissingSdpAnswerer Instance = new();

    public string GenerateAnswer(string offerSdp, JsonObject? options) =>
        throw new InvalidOperationException("generateAnswer: no SDP answerer is configured on this server");
}
