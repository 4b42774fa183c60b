using System.Text.Json.Nodes;

namespace Janus.Scripting.Sdp;

/// <summary>
/// The seam between scripts and the media core's SDP code: scripts call <c>generateAnswer(offer, options)</c> and get
/// the answer SDP the plugin will send (the core adds ICE and DTLS later, as with Janus's janus-sdp helpers).
/// The host wires this to Janus.Media/Sdp; options carry Janus's names (audio, video, data: bool; videoCodec, ...).
/// </summary>
public interface ISdpAnswerer
{
    /// <summary>Returns the answer SDP; throws <see cref="FormatException"/> when the offer cannot be parsed.</summary>
    string GenerateAnswer(string offerSdp, JsonObject? options);
}

/// <summary>Used until the host wires an answerer: every call fails with a message saying so.</summary>
internal sealed class MissingSdpAnswerer : ISdpAnswerer
{
    public static readonly MissingSdpAnswerer Instance = new();

    public string GenerateAnswer(string offerSdp, JsonObject? options) =>
        throw new InvalidOperationException("generateAnswer: no SDP answerer is configured on this server");
}
