namespace Janus.Core.Configuration.Binding;

/// <summary>janus.transport.http.jcfg: general, admin, cors, certificates.</summary>
internal static class HttpTransportConfigBinding
{
    internal static readonly FileBinding File = new FileBinding()
        .Group(new GroupBinding("general")
            .On("base_path", (c, w, v) => c.Text(w, v, x => c.Options.Http.BasePath = x))
            .On("http", (c, w, v) => c.Bool(w, v, x => c.Options.Http.Enabled = x))
            .On("port", (c, w, v) => c.Int(w, v, 0, 65535, x => c.Options.Http.Port = x))
            .On("interface", (c, w, v) => c.Text(w, v, x => c.Options.Http.Interface = x))
            .On("ip", (c, w, v) => c.Text(w, v, x => c.Options.Http.Ip = x))
            .On("https", (c, w, v) => c.Bool(w, v, x => c.Options.Http.Https = x))
            .On("secure_port", (c, w, v) => c.Int(w, v, 0, 65535, x => c.Options.Http.SecurePort = x))
            .On("json", TransportJson.Check)
            // Event handlers are not running, so there is nobody to notify either way.
            .Accepted("events")
            .Unsupported("HTTPS binds where plain HTTP does", "secure_interface", "secure_ip")
            .Unsupported("not yet in effect", "acl", "acl_forwarded")
            .Unsupported("libmicrohttpd is not used", "mhd_connection_limit", "mhd_debug"))
        .Group(new GroupBinding("admin")
            .On("admin_base_path", (c, w, v) => c.Text(w, v, x => c.Options.Http.AdminBasePath = x))
            .On("admin_http", (c, w, v) => c.Bool(w, v, x => c.Options.Http.AdminEnabled = x))
            .On("admin_port", (c, w, v) => c.Int(w, v, 0, 65535, x => c.Options.Http.AdminPort = x))
            .On("admin_ip", (c, w, v) => c.Text(w, v, x => c.Options.Http.AdminIp = x))
            .On("admin_https", (c, w, v) => c.Bool(w, v, x => c.Options.Http.AdminHttps = x))
            .Unsupported("bind with admin_ip", "admin_interface")
            .Unsupported("not yet in effect", "admin_secure_port", "admin_secure_interface", "admin_secure_ip", "admin_acl", "admin_acl_forwarded"))
        .Group(new GroupBinding("cors")
            .On("allow_origin", (c, w, v) => c.Text(w, v, x => c.Options.Http.AllowOrigin = x))
            .On("enforce_cors", (c, w, v) => c.Bool(w, v, x => c.Options.Http.EnforceCors = x))
            .On("admin_allow_origin", (c, w, v) => c.List(w, v, c.Options.Http.AdminAllowOrigins)))
        .Group(new GroupBinding("certificates")
            .On("cert_pem", (c, w, v) => c.Text(w, v, x => c.Options.Http.CertPem = x))
            .On("cert_key", (c, w, v) => c.Text(w, v, x => c.Options.Http.CertKey = x))
            .On("cert_pwd", (c, w, v) => c.Text(w, v, x => c.Options.Http.CertPwd = x))
            .Unsupported("the TLS stack chooses its cipher suites", "ciphers"));
}
