namespace Janus.Core.Configuration.Binding;

/// <summary>janus.transport.websockets.jcfg: general, admin, cors, certificates.</summary>
internal static class WebSocketTransportConfigBinding
{
    internal static readonly FileBinding File = new FileBinding()
        .Group(new GroupBinding("general")
            .On("ws", (c, w, v) => c.Bool(w, v, x => c.Options.WebSockets.Enabled = x))
            .On("ws_port", (c, w, v) => c.Int(w, v, 0, 65535, x => c.Options.WebSockets.Port = x))
            .On("ws_ip", (c, w, v) => c.Text(w, v, x => c.Options.WebSockets.Ip = x))
            .On("wss", (c, w, v) => c.Bool(w, v, x => c.Options.WebSockets.Secure = x))
            .On("wss_port", (c, w, v) => c.Int(w, v, 0, 65535, x => c.Options.WebSockets.SecurePort = x))
            .On("json", TransportJson.Check)
            .Accepted("events")
            .Unsupported("bind with ws_ip", "ws_interface", "wss_interface", "wss_ip")
            .Unsupported("UNIX sockets are not yet in effect", "ws_unix", "wss_unix")
            .Unsupported("libwebsockets is not used", "ws_logging")
            .Unsupported("not yet in effect", "pingpong_trigger", "pingpong_timeout", "ws_acl", "ws_acl_forwarded"))
        .Group(new GroupBinding("admin")
            .On("admin_ws", (c, w, v) => c.Bool(w, v, x => c.Options.WebSockets.AdminEnabled = x))
            .On("admin_ws_port", (c, w, v) => c.Int(w, v, 0, 65535, x => c.Options.WebSockets.AdminPort = x))
            .On("admin_ws_ip", (c, w, v) => c.Text(w, v, x => c.Options.WebSockets.AdminIp = x))
            .Unsupported("bind with admin_ws_ip", "admin_ws_interface")
            .Unsupported("not yet in effect", "admin_ws_unix", "admin_wss", "admin_wss_port", "admin_wss_interface", "admin_wss_ip",
                "admin_wss_unix", "admin_ws_acl", "admin_ws_acl_forwarded"))
        .Group(new GroupBinding("cors")
            .On("allow_origin", (c, w, v) => c.Text(w, v, x => c.Options.WebSockets.AllowOrigin = x))
            .On("enforce_cors", (c, w, v) => c.Bool(w, v, x => c.Options.WebSockets.EnforceCors = x))
            .On("admin_allow_origin", (c, w, v) => c.List(w, v, c.Options.WebSockets.AdminAllowOrigins)))
        .Group(new GroupBinding("certificates")
            .On("cert_pem", (c, w, v) => c.Text(w, v, x => c.Options.WebSockets.CertPem = x))
            .On("cert_key", (c, w, v) => c.Text(w, v, x => c.Options.WebSockets.CertKey = x))
            .On("cert_pwd", (c, w, v) => c.Text(w, v, x => c.Options.WebSockets.CertPwd = x))
            .Unsupported("the TLS stack chooses its cipher suites", "ciphers"));
}
