using System.Text;
using Janus.Media.Sctp;

namespace Janus.Media.Tests.Sctp;

public sealed class Crc32cTests
{
    [Fact]
    public void CheckValue_Of123456789()
    {
        Assert.Equal(0xE3069283u, Crc32c.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    // RFC 3720 Appendix B.4 (iSCSI uses the same CRC32c).
    [Fact]
    public void Rfc3720Vectors()
    {
        Assert.Equal(0x8A9136AAu, Crc32c.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32c.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32c.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x113FDB5Cu, Crc32c.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));
    }

    [Fact]
    public void IncrementalAppend_MatchesOneShot()
    {
        byte[] data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        uint crc = Crc32c.Append(Crc32c.Start, data.AsSpan(0, 333));
        crc = Crc32c.Append(crc, data.AsSpan(333));
        Assert.Equal(Crc32c.Compute(data), Crc32c.Finish(crc));
    }
}
