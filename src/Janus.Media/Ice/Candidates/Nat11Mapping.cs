using System.Net;

namespace Janus.Media.Ice.Candidates;

/// <summary>
/// Janus's <c>-1</c>/nat_1_1_mapping: a public address that stands for the private host address behind a 1:1 NAT.
/// Each item is either <c>public</c> (for every host address of the same family) or <c>public=private</c>
/// (for one host address). With <c>-2</c>/keep_private_host the private host candidate stays and the public address
/// is added as a server-reflexive candidate; without it the host candidate carries the public address.
/// </summary>
internal sealed class Nat11Mapping
{
    private readonly List<(IPAddress Public, IPAddress? Private)> _entries = new();

    public Nat11Mapping(IEnumerable<string> items)
    {
        foreach (string raw in items)
        {
            foreach (string item in raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string[] parts = item.Split('=', 2, StringSplitOptions.TrimEntries);
                if (!IPAddress.TryParse(parts[0], out IPAddress? publicAddress))
                {
                    continue;
                }
                IPAddress? privateAddress = null;
                if (parts.Length == 2 && !IPAddress.TryParse(parts[1], out privateAddress))
                {
                    continue;
                }
                _entries.Add((publicAddress, privateAddress));
            }
        }
    }

    public bool IsEmpty => _entries.Count == 0;

    /// <summary>The public address standing for <paramref name="hostAddress"/>, or null when none applies.</summary>
    public IPAddress? PublicFor(IPAddress hostAddress)
    {
        foreach ((IPAddress publicAddress, IPAddress? privateAddress) in _entries)
        {
            if (privateAddress is not null && privateAddress.Equals(hostAddress))
            {
                return publicAddress;
            }
        }
        foreach ((IPAddress publicAddress, IPAddress? privateAddress) in _entries)
        {
            if (privateAddress is null && publicAddress.AddressFamily == hostAddress.AddressFamily && !IPAddress.IsLoopback(hostAddress))
            {
                return publicAddress;
            }
        }
        return null;
    }
}
