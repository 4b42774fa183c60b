using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Janus.Media.Ice.Candidates;

/// <summary>One network interface as candidate gathering sees it.</summary>
public sealed record HostInterface(string Name, IReadOnlyList<IPAddress> Addresses, bool IsLoopback);

/// <summary>Where interfaces come from; the system by default, a fixed list in tests.</summary>
public interface IHostInterfaceSource
{
    IReadOnlyList<HostInterface> GetInterfaces();
}

/// <summary>The machine's interfaces that are up, from <see cref="NetworkInterface.GetAllNetworkInterfaces"/>.</summary>
public sealed class SystemHostInterfaceSource : IHostInterfaceSource
{
    public static SystemHostInterfaceSource Instance { get; } = new();

    public IReadOnlyList<HostInterface> GetInterfaces()
    {
        var result = new List<HostInterface>();
        foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            {
                continue;
            }
            var addresses = new List<IPAddress>();
            foreach (UnicastIPAddressInformation info in nic.GetIPProperties().UnicastAddresses)
            {
                if (info.Address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                {
                    addresses.Add(info.Address);
                }
            }
            result.Add(new HostInterface(nic.Name, addresses, nic.NetworkInterfaceType == NetworkInterfaceType.Loopback));
        }
        return result;
    }
}
