using System.Net;
using System.Net.Sockets;
using Janus.Core.Configuration;
using Janus.Core.Logging;

namespace Janus.Media.Ice.Candidates;

/// <summary>
/// Picks the local addresses ICE binds to, with Janus's rules: <c>-i</c> names one interface or address;
/// <c>-E</c>/ice_enforce_list keeps only interfaces whose name or address contains one of its items and, when set,
/// takes precedence over <c>-X</c>/ice_ignore_list, which drops those that contain one (default "vmnet");
/// IPv6 only with <c>-6</c> (link-local never); loopback only when <see cref="MediaOptions.AllowLoopback"/>.
/// </summary>
internal static class HostAddressFilter
{
    public static List<IPAddress> Select(MediaOptions options, IHostInterfaceSource source)
    {
        var selected = new List<IPAddress>();
        foreach (HostInterface nic in source.GetInterfaces())
        {
            foreach (IPAddress address in nic.Addresses)
            {
                if (IsUsable(options, nic, address) && !selected.Contains(address))
                {
                    selected.Add(address);
                }
            }
        }
        // IPv4 before IPv6, loopback last: the order decides local preference (RFC 8445 §5.1.2.1).
        selected.Sort((a, b) => Rank(a).CompareTo(Rank(b)));
        return selected;
    }

    internal static bool IsUsable(MediaOptions options, HostInterface nic, IPAddress address)
    {
        string text = address.ToString();
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (!options.Ipv6 || address.IsIPv6LinkLocal || address.IsIPv6Multicast || address.IsIPv4MappedToIPv6)
            {
                return false;
            }
        }
        else if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }
        bool loopback = nic.IsLoopback || IPAddress.IsLoopback(address);
        if (loopback && !options.AllowLoopback)
        {
            return false;
        }
        if (!string.IsNullOrEmpty(options.Interface) &&
            !string.Equals(options.Interface, nic.Name, StringComparison.Ordinal) &&
            !string.Equals(options.Interface, text, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (options.IceEnforceList.Count > 0)
        {
            bool enforced = Matches(options.IceEnforceList, nic.Name, text);
            if (!enforced && JanusLog.IsEnabled(JanusLogLevel.Dbg))
            {
                JanusLog.Debug($"[ice] {nic.Name} {text} not in the enforce list, skipped");
            }
            return enforced;
        }
        if (Matches(options.IceIgnoreList, nic.Name, text))
        {
            if (JanusLog.IsEnabled(JanusLogLevel.Dbg))
            {
                JanusLog.Debug($"[ice] {nic.Name} {text} in the ignore list, skipped");
            }
            return false;
        }
        return true;
    }

    // Janus matches list items as substrings of the interface name or the address text.
    private static bool Matches(List<string> list, string name, string address)
    {
        foreach (string item in list)
        {
            string trimmed = item.Trim();
            if (trimmed.Length > 0 &&
                (name.Contains(trimmed, StringComparison.Ordinal) || address.Contains(trimmed, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }
        return false;
    }

    private static int Rank(IPAddress address) =>
        (IPAddress.IsLoopback(address) ? 2 : 0) + (address.AddressFamily == AddressFamily.InterNetworkV6 ? 1 : 0);
}
