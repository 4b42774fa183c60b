using System.Net;
using Janus.Media.Ice.Stun;

namespace Janus.Media.Tests.Ice.Stun;

/// <summary>The test vectors of RFC 5769 §2.1–2.3, byte for byte.</summary>
public sealed class StunRfc5769Tests
{
    internal const string Password = "VOkJxbRl1RmTxUk/WvJxBt";

    internal static readonly byte[] SampleRequest = Hex(
        "00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae" +
        "80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74" +
        "00 24 00 04 6e 00 01 ff" +
        "80 29 00 08 93 2f f9 b1 51 26 3b 36" +
        "00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20" +
        "00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2" +
        "80 28 00 04 e5 7a 3b cf");

    internal static readonly byte[] SampleIpv4Response = Hex(
        "01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae" +
        "80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20" +
        "00 20 00 08 00 01 a1 47 e1 12 a6 43" +
        "00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7" +
        "80 28 00 04 c0 7d 4c 96");

    internal static readonly byte[] SampleIpv6Response = Hex(
        "01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae" +
        "80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20" +
        "00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9" +
        "00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41" +
        "80 28 00 04 c8 fb 0b 4c");

    private static readonly byte[] TransactionId = Hex("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae");

    [Fact]
    public void SampleRequestParsesWithItsIceAttributes()
    {
        Assert.True(StunMessage.TryParse(SampleRequest, out StunMessage message));
        Assert.True(message.IsRequest);
        Assert.Equal("evtj:h6vY"u8.ToArray(), message.Username.ToArray());
        Assert.True(message.HasPriority);
        Assert.Equal(0x6e0001ffu, message.Priority);
        Assert.True(message.HasIceControlled);
        Assert.False(message.HasIceControlling);
        Assert.Equal(0x932ff9b151263b36UL, message.TieBreaker);
        Assert.Equal(TransactionId, message.TransactionId.ToArray());
    }

    [Fact]
    public void SampleRequestIntegrityAndFingerprintVerify()
    {
        Assert.True(StunMessage.TryParse(SampleRequest, out StunMessage message));
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(System.Text.Encoding.UTF8.GetBytes(Password)));
        Assert.False(message.VerifyMessageIntegrity("wrong password for the vector"u8));
    }

    [Fact]
    public void Ipv4ResponseDecodesXorMappedAddress()
    {
        Assert.True(StunMessage.TryParse(SampleIpv4Response, out StunMessage message));
        Assert.True(message.IsSuccessResponse);
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(System.Text.Encoding.UTF8.GetBytes(Password)));
    }

    [Fact]
    public void Ipv6ResponseDecodesXorMappedAddress()
    {
        Assert.True(StunMessage.TryParse(SampleIpv6Response, out StunMessage message));
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), mapped);
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(System.Text.Encoding.UTF8.GetBytes(Password)));
    }

    [Fact]
    public void WriterReproducesSampleRequestExactly()
    {
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunConstants.BindingRequest, TransactionId) { PaddingByte = 0x20 };
        writer.AddAttribute(StunAttributeType.Software, "STUN test client"u8);
        writer.AddUInt32(StunAttributeType.Priority, 0x6e0001ff);
        writer.AddUInt64(StunAttributeType.IceControlled, 0x932ff9b151263b36);
        writer.AddUsername("evtj:h6vY");
        writer.AddMessageIntegrity(System.Text.Encoding.UTF8.GetBytes(Password));
        writer.AddFingerprint();
        Assert.Equal(Convert.ToHexString(SampleRequest), Convert.ToHexString(writer.Written));
    }

    [Theory]
    [InlineData("192.0.2.1", false)]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677", true)]
    public void WriterReproducesSampleResponsesExactly(string address, bool v6)
    {
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunConstants.BindingSuccess, TransactionId) { PaddingByte = 0x20 };
        writer.AddAttribute(StunAttributeType.Software, "test vector"u8);
        writer.AddXorMappedAddress(IPAddress.Parse(address).GetAddressBytes(), 32853);
        writer.AddMessageIntegrity(System.Text.Encoding.UTF8.GetBytes(Password));
        writer.AddFingerprint();
        Assert.Equal(Convert.ToHexString(v6 ? SampleIpv6Response : SampleIpv4Response), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void TamperedMessageFailsIntegrityAndFingerprint()
    {
        byte[] copy = (byte[])SampleRequest.Clone();
        copy[30] ^= 0x01; // inside SOFTWARE
        Assert.True(StunMessage.TryParse(copy, out StunMessage message));
        Assert.False(message.VerifyFingerprint());
        Assert.False(message.VerifyMessageIntegrity(System.Text.Encoding.UTF8.GetBytes(Password)));
    }

    [Fact]
    public void ErrorCodeRoundTrips()
    {
        var buffer = new byte[128];
        var writer = new StunWriter(buffer, StunConstants.BindingError, TransactionId);
        writer.AddErrorCode(487, "Role Conflict");
        writer.AddFingerprint();
        Assert.True(StunMessage.TryParse(writer.Written, out StunMessage message));
        Assert.True(message.IsErrorResponse);
        Assert.Equal(487, message.ErrorCode);
        Assert.True(message.VerifyFingerprint());
    }

    internal static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", ""));
}
