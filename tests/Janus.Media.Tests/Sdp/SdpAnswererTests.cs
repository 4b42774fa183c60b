using System.Text.Json.Nodes;
using Janus.Media.Sdp;

namespace Janus.Media.Tests.Sdp;

/// <summary>
/// <see cref="SdpAnswerer"/>: the janus-sdp option names plugins pass to <c>generateAnswer</c>, mapped onto
/// <see cref="SdpAnswers"/>.
/// </summary>
public sealed class SdpAnswererTests
{
    private static SessionDescription Answer(string offer, string? optionsJson = null) =>
        SessionDescription.Parse(new SdpAnswerer().GenerateAnswer(
            offer, optionsJson is null ? null : JsonNode.Parse(optionsJson)!.AsObject()));

    [Fact]
    public void WithoutOptionsEveryOfferedMediumIsAccepted()
    {
        SessionDescription answer = Answer(SdpFixtures.ChromeOffer);
        Assert.Equal(["audio", "video", "application"], answer.Media.ConvertAll(m => m.MediaType));
        Assert.All(answer.Media, m => Assert.False(m.IsRejected));
        Assert.Equal(["111"], answer.Media[0].Formats);
    }

    [Fact]
    public void AudioVideoAndDataFalseRejectThoseMedia()
    {
        SessionDescription answer = Answer(SdpFixtures.ChromeOffer, """{"audio":false,"video":true,"data":false}""");
        Assert.True(answer.Media[0].IsRejected);
        Assert.False(answer.Media[1].IsRejected);
        Assert.True(answer.Media[2].IsRejected);
    }

    [Fact]
    public void CodecAndDirectionOptionsChooseTheCodecAndTheDirection()
    {
        SessionDescription answer = Answer(
            SdpFixtures.ChromeOffer, """{"audioCodec":"pcma","videoCodec":"vp9","videoDirection":"recvonly"}""");
        Assert.Equal(["8"], answer.Media[0].Formats);
        Assert.Equal("VP9", answer.Media[1].GetRtpMap(int.Parse(answer.Media[1].Formats[0]))!.EncodingName);
        Assert.Equal(SdpDirection.RecvOnly, answer.Media[1].Direction);
        Assert.Equal(SdpDirection.SendRecv, answer.Media[0].Direction);
    }

    [Fact]
    public void OptionsOfTheWrongTypeAreIgnored()
    {
        // Janus's helpers read booleans and strings; a number where a bool is expected keeps the default.
        SessionDescription answer = Answer(SdpFixtures.ChromeOffer, """{"audio":0,"videoCodec":42}""");
        Assert.False(answer.Media[0].IsRejected);
        Assert.Equal(Answer(SdpFixtures.ChromeOffer).Media[1].Formats, answer.Media[1].Formats);
    }

    [Fact]
    public void AnOfferThatDoesNotParseIsAFormatException()
    {
        FormatException error = Assert.Throws<FormatException>(() => new SdpAnswerer().GenerateAnswer("not sdp", null));
        Assert.StartsWith("invalid offer", error.Message, StringComparison.Ordinal);
    }
}
