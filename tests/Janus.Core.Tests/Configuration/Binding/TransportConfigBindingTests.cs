using Janus.Core.Configuration;
using Janus.Core.Configuration.Jcfg;

namespace Janus.Core.Tests.Configuration.Binding;

public sealed class TransportConfigBindingTests
{
    [Fact]
    public void HttpSettingsLandInHttpOptions()
    {
        var o = new ServerOptions();
        ServerConfigFiles.ApplyHttpTransport(JcfgDocument.Parse("""
            general: {
                json = "compact"; events = true
                base_path = "/api"; http = false; port = 9088; interface = "eth0"; ip = "127.0.0.1"
                https = true; secure_port = 9089
            }
            admin: { admin_base_path = "/adm"; admin_http = false; admin_port = 9188; admin_ip = "127.0.0.2"; admin_https = true }
            cors: { allow_origin = "https://example.org"; enforce_cors = true; admin_allow_origin = "https://a.test, https://b.test" }
            certificates: { cert_pem = "/h.pem"; cert_key = "/h.key"; cert_pwd = "pw" }
            """, "http.jcfg"), o);
        Assert.Empty(o.Warnings);
        HttpTransportOptions h = o.Http;
        Assert.Equal(("/api", false, 9088, "eth0", "127.0.0.1"), (h.BasePath, h.Enabled, h.Port, h.Interface, h.Ip));
        Assert.Equal((true, 9089), (h.Https, h.SecurePort));
        Assert.Equal(("/adm", false, 9188, "127.0.0.2", true), (h.AdminBasePath, h.AdminEnabled, h.AdminPort, h.AdminIp, h.AdminHttps));
        Assert.Equal(("https://example.org", true), (h.AllowOrigin, h.EnforceCors));
        Assert.Equal(["https://a.test", "https://b.test"], h.AdminAllowOrigins);
        Assert.Equal(("/h.pem", "/h.key", "pw"), (h.CertPem, h.CertKey, h.CertPwd));
    }

    [Fact]
    public void WebSocketSettingsLandInWebSocketOptions()
    {
        var o = new ServerOptions();
        ServerConfigFiles.ApplyWebSocketTransport(JcfgDocument.Parse("""
            general: { json = "compact"; ws = false; ws_port = 9188; ws_ip = "127.0.0.1"; wss = true; wss_port = 9989 }
            admin: { admin_ws = true; admin_ws_port = 9288; admin_ws_ip = "127.0.0.3"; admin_wss = false }
            cors: { allow_origin = "https://example.org"; enforce_cors = true; admin_allow_origin = [ "https://a.test" ] }
            certificates: { cert_pem = "/w.pem"; cert_key = "/w.key"; cert_pwd = "pw" }
            """, "ws.jcfg"), o);
        Assert.Empty(o.Warnings);
        WebSocketTransportOptions w = o.WebSockets;
        Assert.Equal((false, 9188, "127.0.0.1", true, 9989), (w.Enabled, w.Port, w.Ip, w.Secure, w.SecurePort));
        Assert.Equal((true, 9288, "127.0.0.3"), (w.AdminEnabled, w.AdminPort, w.AdminIp));
        Assert.Equal(("https://example.org", true), (w.AllowOrigin, w.EnforceCors));
        Assert.Equal(["https://a.test"], w.AdminAllowOrigins);
        Assert.Equal(("/w.pem", "/w.key", "pw"), (w.CertPem, w.CertKey, w.CertPwd));
    }

    [Fact]
    public void UnsupportedTransportSettingsWarn()
    {
        var o = new ServerOptions();
        ServerConfigFiles.ApplyHttpTransport(JcfgDocument.Parse("general: { json = \"indented\"; acl = \"127.\"; mhd_debug = false; bogus = 1 }", "http.jcfg"), o);
        ServerConfigFiles.ApplyWebSocketTransport(JcfgDocument.Parse("general: { ws_unix = \"/run/ws.sock\"; pingpong_trigger = 30 }\nadmin: { admin_wss = true }", "ws.jcfg"), o);
        Assert.Equal(6, o.Warnings.Count);
        Assert.Contains(o.Warnings, w => w.StartsWith("http.jcfg:1: general.json", StringComparison.Ordinal));
        Assert.Contains(o.Warnings, w => w.StartsWith("http.jcfg:1: general.acl", StringComparison.Ordinal));
        Assert.Contains(o.Warnings, w => w.StartsWith("http.jcfg:1: general.bogus", StringComparison.Ordinal));
        Assert.Contains(o.Warnings, w => w.StartsWith("ws.jcfg:2: admin.admin_wss", StringComparison.Ordinal));
    }

    [Fact]
    public void ApplyTransportsReadsBothFilesAndToleratesMissingOnes()
    {
        string folder = Directory.CreateTempSubdirectory("transports-").FullName;
        try
        {
            var defaults = new ServerOptions();
            ServerConfigFiles.ApplyTransports(folder, defaults);
            Assert.Equal((8088, 8188), (defaults.Http.Port, defaults.WebSockets.Port));
            // Without a file the Admin API is off on both transports, as Janus leaves admin_http and admin_ws unset.
            Assert.Equal((false, false), (defaults.Http.AdminEnabled, defaults.WebSockets.AdminEnabled));

            File.WriteAllText(Path.Combine(folder, ServerConfigFiles.HttpTransportFileName), "general: { port = 1234 }");
            File.WriteAllText(Path.Combine(folder, ServerConfigFiles.WebSocketTransportFileName), "general: { ws_port = 4321 }");
            var o = new ServerOptions();
            ServerConfigFiles.ApplyTransports(folder, o);
            Assert.Equal((1234, 4321), (o.Http.Port, o.WebSockets.Port));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
