using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Janus.Core.Plugins;

namespace Janus.Core.Api;

/// <summary>The <c>info</c> request (janus_info): what this server is, how it is set up, and what it has loaded.</summary>
public sealed partial class JanusCore
{
    public const string ServerName = "Janus WebRTC Server";
    public const int ServerVersion = 1402;
    public const string ServerVersionString = "1.4.2";
    public const string ServerAuthor = "Janus.NET contributors";

    private static readonly Lazy<string> s_localIp = new(FindLocalIp);

    internal JsonObject BuildInfo(string? transaction)
    {
        JsonObject info = JanusJson.Message("server_info", 0, transaction);
        info["name"] = ServerName;
        info["version"] = ServerVersion;
        info["version_string"] = ServerVersionString;
        info["author"] = ServerAuthor;
        info["commit-hash"] = BuildInformation.CommitHash;
        info["compile-time"] = File.GetLastWriteTimeUtc(typeof(JanusCore).Assembly.Location).ToString("R");
        info["log-to-stdout"] = !Options.DisableStdout;
        info["log-to-file"] = Options.LogFile is not null;
        if (Options.LogFile is not null)
        {
            info["log-path"] = Options.LogFile;
        }
        info["data_channels"] = Media is not null;
        info["accepting-new-sessions"] = _acceptNewSessions;
        info["session-timeout"] = _sessionTimeout;
        info["reclaim-session-timeout"] = Options.ReclaimSessionTimeout;
        info["candidates-timeout"] = Options.CandidatesTimeout;
        info["server-name"] = Options.ServerName;
        info["local-ip"] = Options.Media.Interface ?? s_localIp.Value;
        info["ipv6"] = Options.Media.Ipv6;
        info["ice-lite"] = Options.Media.IceLite;
        info["ice-tcp"] = Options.Media.IceTcp;
        info["full-trickle"] = Options.Media.FullTrickle;
        info["min-nack-queue"] = Options.Media.MinNackQueue;
        info["nack-optimizations"] = Options.Media.NackOptimizations;
        info["twcc-period"] = Options.Media.TwccPeriod;
        info["dtls-mtu"] = Options.Media.DtlsMtu;
        if (Options.Media.StunServer is not null)
        {
            info["stun-server"] = $"{Options.Media.StunServer}:{Options.Media.StunPort}";
        }
        info["static-event-loops"] = 0;
        info["api_secret"] = Options.ApiSecret is not null;
        info["auth_token"] = Auth.IsEnabled;
        info["event_handlers"] = false;
        info["opaqueid_in_api"] = false;
        if (Options.Media.NoWebRtcEncryption)
        {
            info["webrtc_encryption"] = false;
        }
        if (!Options.HideDependencies)
        {
            info["dependencies"] = new JsonObject
            {
                ["dotnet"] = RuntimeInformation.FrameworkDescription,
                ["os"] = RuntimeInformation.OSDescription,
            };
        }
        var transports = new JsonObject();
        lock (_transports)
        {
            foreach (TransportDescriptor t in _transports)
            {
                transports[t.Package] = Describe(t.Name, t.Author, t.Description, t.VersionString, t.Version);
            }
        }
        info["transports"] = transports;
        info["events"] = new JsonObject();
        info["loggers"] = new JsonObject();
        var plugins = new JsonObject();
        IReadOnlyList<PluginFileStatus>? files = PluginAdministration?.ListPlugins();
        foreach (IPlugin plugin in _plugins.Plugins)
        {
            PluginDescriptor d = plugin.Descriptor;
            JsonObject described = Describe(d.Name, d.Author, d.Description, d.VersionString, d.Version);
            // Beyond Janus's fields: what the plugin is written in and where it was loaded from.
            described["language"] = d.Language;
            described["file"] = d.File ?? FileOf(plugin, files);
            plugins[d.Package] = described;
        }
        info["plugins"] = plugins;
        return info;
    }

    private static JsonObject Describe(string name, string author, string description, string versionString, int version) => new()
    {
        ["name"] = name,
        ["author"] = author,
        ["description"] = description,
        ["version_string"] = versionString,
        ["version"] = version,
    };

    /// <summary>A plugin whose descriptor names no file: the file its loader knows, else the assembly its code is in.</summary>
    private static string? FileOf(IPlugin plugin, IReadOnlyList<PluginFileStatus>? files)
    {
        if (files is not null)
        {
            foreach (PluginFileStatus status in files)
            {
                if (status.Package == plugin.Descriptor.Package && status.State == PluginFileState.Loaded)
                {
                    return status.File;
                }
            }
        }
        string location = plugin.GetType().Assembly.Location;
        return location.Length > 0 ? location : null;
    }

    private static string FindLocalIp()
    {
        try
        {
            foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                {
                    continue;
                }
                foreach (UnicastIPAddressInformation address in nic.GetIPProperties().UnicastAddresses)
                {
                    if (address.Address.AddressFamily == AddressFamily.InterNetwork)
                    {
                        return address.Address.ToString();
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
        }
        return "127.0.0.1";
    }
}
