using System.Net;
using Janus.Core.Configuration;

namespace Janus.Host.Admin;

/// <summary>
/// Start-time check of where the Admin API listens and with which secret. The Admin API can destroy any session,
/// read every handle's keys and change media settings; Janus's sample secret <c>janusoverlord</c> is in every
/// copy of its documentation, so on an address other machines reach it is no secret at all. On loopback it stays
/// allowed (tests, the bench and local tools use it) with a warning.
/// </summary>
internal static class AdminExposure
{
    /// <summary>The admin_secret of Janus's sample janus.jcfg.</summary>
    public const string SampleSecret = "janusoverlord";

    /// <summary>
    /// The warnings to log, or an <see cref="AdminExposureException"/> when an Admin API endpoint listens on a
    /// non-loopback address with the sample secret or none.
    /// </summary>
    public static IReadOnlyList<string> Check(ServerOptions options)
    {
        var warnings = new List<string>();
        var endpoints = new List<(string Name, IPAddress Address, string Setting)>();
        if (options.Http.AdminEnabled)
        {
            endpoints.Add(("HTTP Admin API", JanusServer.ParseAddress(options.Http.AdminIp ?? options.Http.Ip),
                "admin.admin_ip in janus.transport.http.jcfg"));
        }
        if (options.WebSockets.AdminEnabled)
        {
            endpoints.Add(("WebSocket Admin API", JanusServer.ParseAddress(options.WebSockets.AdminIp ?? options.WebSockets.Ip),
                "admin.admin_ws_ip in janus.transport.websockets.jcfg"));
        }

        string? secret = options.AdminSecret;
        bool weak = string.IsNullOrEmpty(secret) || secret == SampleSecret;
        if (!weak)
        {
            return warnings;
        }
        string what = string.IsNullOrEmpty(secret)
            ? "without an admin_secret"
            : $"with Janus's publicly known sample admin_secret \"{SampleSecret}\"";
        foreach ((string name, IPAddress address, string setting) in endpoints)
        {
            if (IsLoopback(address))
            {
                warnings.Add($"The {name} on {address} runs {what}; only this machine can reach it, but set general.admin_secret " +
                    "in janus.jcfg to a secret of your own before listening anywhere else");
            }
            else
            {
                throw new AdminExposureException(
                    $"Refusing to start: the {name} would listen on {Describe(address)} {what}, so anyone who can reach this " +
                    $"machine could control the server. Set general.admin_secret in janus.jcfg to a secret of your own, or " +
                    $"listen on loopback only ({setting} = \"127.0.0.1\"), or turn the Admin API off.");
            }
        }
        return warnings;
    }

    private static string Describe(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? $"every interface ({address})" : address.ToString();

    // An IPv4-mapped IPv6 loopback (::ffff:127.0.0.1) is loopback too; IPAddress.IsLoopback alone says no.
    private static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address) || (address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4()));
}

/// <summary>The configuration exposes the Admin API; the message says why and how to fix it.</summary>
internal sealed class AdminExposureException(string message) : InvalidOperationException(message);
