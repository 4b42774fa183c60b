using Janus.Media.Net;

namespace Janus.Media.Tests.Net;

public sealed class DatagramClassifierTests
{
    [Theory]
    [InlineData(0, DatagramKind.Stun)]
    [InlineData(3, DatagramKind.Stun)]
    [InlineData(4, DatagramKind.Unknown)]
    [InlineData(16, DatagramKind.Unknown)] // ZRTP
    [InlineData(20, DatagramKind.Dtls)]
    [InlineData(63, DatagramKind.Dtls)]
    [InlineData(64, DatagramKind.Unknown)] // TURN channel
    [InlineData(127, DatagramKind.Unknown)]
    [InlineData(128, DatagramKind.Rtp)]
    [InlineData(191, DatagramKind.Rtp)]
    [InlineData(192, DatagramKind.Unknown)]
    [InlineData(255, DatagramKind.Unknown)]
    public void FirstByteDecidesTheKind(byte first, DatagramKind expected) =>
        Assert.Equal(expected, DatagramClassifier.Classify(new[] { first, (byte)0 }));

    [Fact]
    public void EmptyDatagramIsUnknown() => Assert.Equal(DatagramKind.Unknown, DatagramClassifier.Classify(ReadOnlySpan<byte>.Empty));
}
