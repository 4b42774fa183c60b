using System.Net;
using Janus.Media.Ice.Candidates;

namespace Janus.Media.Tests.Ice.Candidates;

public sealed class IceCandidateTests
{
    [Fact]
    public void ParsesChromiumHostCandidateWithExtras()
    {
        const string line = "candidate:842163049 1 udp 2122260223 192.168.1.10 54400 typ host generation 0 ufrag EsAw network-id 1 network-cost 10";
        Assert.True(IceCandidate.TryParse(line, out IceCandidate? c));
        Assert.Equal("842163049", c!.Foundation);
        Assert.Equal(1, c.Component);
        Assert.Equal(IceTransportProtocol.Udp, c.Protocol);
        Assert.Equal(2122260223u, c.Priority);
        Assert.Equal(IPAddress.Parse("192.168.1.10"), c.IPAddress);
        Assert.Equal(54400, c.Port);
        Assert.Equal(IceCandidateType.Host, c.Type);
        Assert.Equal("0", c.GetExtension("generation"));
        Assert.Equal("EsAw", c.GetExtension("ufrag"));
        Assert.Equal("1", c.GetExtension("network-id"));
        Assert.Equal("10", c.GetExtension("network-cost"));
        Assert.Equal(line, c.ToSdpAttribute());
    }

    [Fact]
    public void ParsesServerReflexiveWithRelatedAddress()
    {
        const string line = "a=candidate:1467250027 1 udp 1686052607 203.0.113.7 61234 typ srflx raddr 192.168.1.10 rport 54400 generation 0";
        Assert.True(IceCandidate.TryParse(line, out IceCandidate? c));
        Assert.Equal(IceCandidateType.ServerReflexive, c!.Type);
        Assert.Equal("192.168.1.10", c.RelatedAddress);
        Assert.Equal(54400, c.RelatedPort);
        Assert.Equal(line.Substring(2), c.ToSdpAttribute());
    }

    [Fact]
    public void ParsesTcpCandidateWithTcpType()
    {
        const string line = "candidate:1052210311 1 tcp 1518280447 192.168.1.10 9 typ host tcptype active generation 0 network-id 1";
        Assert.True(IceCandidate.TryParse(line, out IceCandidate? c));
        Assert.Equal(IceTransportProtocol.Tcp, c!.Protocol);
        Assert.Equal("active", c.TcpType);
        Assert.Equal(line, c.ToSdpAttribute());
    }

    [Theory]
    [InlineData("candidate:0 1 UDP 2122252543 10.0.0.5 56145 typ host", IceCandidateType.Host)]
    [InlineData("candidate:1 1 UDP 1686052863 198.51.100.9 56145 typ srflx raddr 10.0.0.5 rport 56145", IceCandidateType.ServerReflexive)]
    [InlineData("candidate:3 1 TCP 2105524479 10.0.0.5 9 typ host tcptype active", IceCandidateType.Host)]
    [InlineData("candidate:4 1 UDP 92217087 192.0.2.44 62000 typ relay raddr 0.0.0.0 rport 0", IceCandidateType.Relayed)]
    [InlineData("candidate:5 1 UDP 2122187007 2001:db8::1 56146 typ host", IceCandidateType.Host)]
    public void ParsesFirefoxCandidates(string line, IceCandidateType type)
    {
        Assert.True(IceCandidate.TryParse(line, out IceCandidate? c));
        Assert.Equal(type, c!.Type);
        Assert.NotNull(c.IPAddress);
    }

    [Fact]
    public void MdnsCandidateParsesButIsMarked()
    {
        const string line = "candidate:3442447574 1 udp 2122262783 4f7c8e1e-7d61-4b9f-9c84-2a5f0f9e3b21.local 54321 typ host generation 0 ufrag Abcd network-cost 999";
        Assert.True(IceCandidate.TryParse(line, out IceCandidate? c));
        Assert.True(c!.IsMdns);
        Assert.Null(c.IPAddress);
    }

    [Theory]
    [InlineData("")]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 typ")]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 host host")]
    [InlineData("candidate:1 0 udp 1 1.2.3.4 5 typ host")]
    [InlineData("candidate:1 1 sctp 1 1.2.3.4 5 typ host")]
    [InlineData("candidate:1 1 udp -1 1.2.3.4 5 typ host")]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 70000 typ host")]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 typ bogus")]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 typ host generation")]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 typ srflx raddr 1.2.3.4 rport x")]
    [InlineData("candidate:1 1 udp 1 not_an/address 5 typ host")]
    public void MalformedLinesAreRefused(string line)
    {
        Assert.False(IceCandidate.TryParse(line, out IceCandidate? c));
        Assert.Null(c);
    }

    [Fact]
    public void WrittenCandidateParsesBack()
    {
        var written = new IceCandidate("123", 1, IceTransportProtocol.Udp, CandidatePriority.Compute(IceCandidateType.Host, 65535, 1),
            "127.0.0.1", 40000, IceCandidateType.Host).WithExtension("generation", "0");
        Assert.Equal("candidate:123 1 udp 2130706431 127.0.0.1 40000 typ host generation 0", written.ToSdpAttribute());
        Assert.True(IceCandidate.TryParse(written.ToSdpAttribute(), out IceCandidate? parsed));
        Assert.Equal(written.ToSdpAttribute(), parsed!.ToSdpAttribute());
    }

    [Fact]
    public void RandomAndMutatedLinesNeverThrow()
    {
        var random = new Random(8839);
        string[] seeds =
        {
            "candidate:842163049 1 udp 1677729535 203.0.113.7 56143 typ srflx raddr 10.0.0.1 rport 56143 generation 0 ufrag EsAw network-id 1",
            "candidate:1 1 TCP 2105524479 10.0.0.5 9 typ host tcptype active",
        };
        const string alphabet = "0123456789abcdef :.-typhostudpraddr";
        for (int i = 0; i < 20000; i++)
        {
            char[] chars = seeds[i % 2].ToCharArray();
            int edits = random.Next(1, 6);
            for (int e = 0; e < edits; e++)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }
            string line = new string(chars, 0, random.Next(chars.Length + 1));
            if (IceCandidate.TryParse(line, out IceCandidate? c))
            {
                _ = c!.ToSdpAttribute();
            }
        }
    }
}
