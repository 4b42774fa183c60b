using System.Text.Json.Nodes;

namespace Janus.Media.Sdp;

/// <summary>
/// Answers an SDP offer from options with the names of Janus's janus-sdp helpers (audio, video, data: bool;
/// videoCodec, ...), as plugins do for <c>generateAnswer(offer, options)</c>: the answer says which media and codecs
/// the plugin accepts; ICE, DTLS and BUNDLE attributes are added later by the PeerConnection.
/// An interface so that plugin hosts can be tested without the SDP code.
/// </summary>
public interface ISdpAnswerer
{
    /// <summary>Returns the answer SDP; throws <see cref="FormatException"/> when the offer cannot be parsed.</summary>
    string GenerateAnswer(string offerSdp, JsonObject? options);
}
