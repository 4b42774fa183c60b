using System.Net;
using Janus.Core.Configuration;
using Janus.Media.Ice.Candidates;

namespace Janus.Media.Tests.Ice.Candidates;

public sealed class HostAddressFilterTests
{
    private static readonly FakeInterfaces Machine = new(
        new HostInterface("lo", new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }, true),
        new HostInterface("eth0", new[] { IPAddress.Parse("192.168.1.10"), IPAddress.Parse("fe80::1"), IPAddress.Parse("2001:db8::10") }, false),
        new HostInterface("vmnet8", new[] { IPAddress.Parse("172.16.5.1") }, false),
        new HostInterface("docker0", new[] { IPAddress.Parse("172.17.0.1") }, false));

    [Fact]
    public void DefaultsIgnoreVmnetAndIpv6AndKeepLoopbackLast()
    {
        var options = new MediaOptions();
        Assert.Equal(new[] { "192.168.1.10", "172.17.0.1", "127.0.0.1" }, Select(options));
    }

    [Fact]
    public void LoopbackIsDroppedWhenNotAllowed()
    {
        var options = new MediaOptions { AllowLoopback = false };
        Assert.DoesNotContain("127.0.0.1", Select(options));
    }

    [Fact]
    public void Ipv6AddsGlobalButNeverLinkLocal()
    {
        var options = new MediaOptions { Ipv6 = true };
        string[] selected = Select(options);
        Assert.Contains("2001:db8::10", selected);
        Assert.Contains("::1", selected);
        Assert.DoesNotContain("fe80::1", selected);
    }

    [Fact]
    public void EnforceListMatchesNameOrAddressPartiallyAndOverridesIgnoreList()
    {
        var options = new MediaOptions();
        options.IceEnforceList.Add("eth");
        options.IceEnforceList.Add("172.16.");
        Assert.Equal(new[] { "192.168.1.10", "172.16.5.1" }, Select(options));
    }

    [Fact]
    public void IgnoreListMatchesNameOrAddressPartially()
    {
        var options = new MediaOptions();
        options.IceIgnoreList.Add("docker");
        options.IceIgnoreList.Add("192.168.");
        Assert.Equal(new[] { "127.0.0.1" }, Select(options));
    }

    [Theory]
    [InlineData("eth0", "192.168.1.10")]
    [InlineData("172.17.0.1", "172.17.0.1")]
    public void InterfaceOptionSelectsOneInterfaceByNameOrAddress(string option, string expected)
    {
        var options = new MediaOptions { Interface = option };
        Assert.Equal(new[] { expected }, Select(options));
    }

    [Fact]
    public void Nat11ReplacesByFamilyOrByExplicitPrivateAddress()
    {
        var nat = new Nat11Mapping(new[] { "198.51.100.1, 203.0.113.9=172.17.0.1" });
        Assert.Equal(IPAddress.Parse("198.51.100.1"), nat.PublicFor(IPAddress.Parse("192.168.1.10")));
        Assert.Equal(IPAddress.Parse("203.0.113.9"), nat.PublicFor(IPAddress.Parse("172.17.0.1")));
        Assert.Null(nat.PublicFor(IPAddress.Loopback));
        Assert.Null(nat.PublicFor(IPAddress.Parse("2001:db8::10")));
    }

    [Fact]
    public void SystemSourceListsAtLeastLoopback()
    {
        IReadOnlyList<HostInterface> interfaces = SystemHostInterfaceSource.Instance.GetInterfaces();
        Assert.Contains(interfaces, i => i.Addresses.Contains(IPAddress.Loopback));
    }

    private static string[] Select(MediaOptions options) =>
        HostAddressFilter.Select(options, Machine).Select(a => a.ToString()).ToArray();

    private sealed class FakeInterfaces(params HostInterface[] interfaces) : IHostInterfaceSource
    {
        public IReadOnlyList<HostInterface> GetInterfaces() => interfaces;
    }
}
