using System.Security.Cryptography.X509Certificates;
using System.Text;
using Janus.Media.Dtls;
using Janus.Media.Tests.Dtls.Infrastructure;

namespace Janus.Media.Tests.Dtls;

/// <summary>Our DTLS against OpenSSL's (the stack Janus itself uses) over UDP on 127.0.0.1.</summary>
public sealed class OpenSslInteropTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("SRTP_AES128_CM_SHA1_80", SrtpProtectionProfile.Aes128CmHmacSha1_80)]
    [InlineData("SRTP_AEAD_AES_128_GCM", SrtpProtectionProfile.AeadAes128Gcm)]
    [InlineData("SRTP_AEAD_AES_256_GCM", SrtpProtectionProfile.AeadAes256Gcm)]
    public void OurClient_ConnectsToOpenSslServer_AndExportsTheSameKeys(string opensslProfile, SrtpProtectionProfile profile)
    {
        RequireOpenSsl();
        using var directory = new TempDirectory();
        (string cert, string key, DtlsFingerprint fingerprint) = OpenSslCertificate(directory, "server");
        DtlsCertificate ours = DtlsCertificate.Generate();
        int port = LoopbackDtlsSocket.FreePort();
        int length = DtlsSrtpKeys.MaterialLength(profile);
        using var server = new OpenSslPeer(
            $"s_server -dtls1_2 -accept {port} -cert {cert} -key {key} -verify 1 -mtu 1200 " +
            $"-use_srtp {opensslProfile} -keymatexport EXTRACTOR-dtls_srtp -keymatexportlen {length}");
        server.WaitForLine("ACCEPT", Wait);

        using var udp = new LoopbackDtlsSocket { Remote = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port) };
        using var transport = new DtlsTransport(new DtlsTransportOptions
        {
            Role = DtlsRole.Client,
            Certificate = ours,
            RemoteFingerprint = fingerprint,
        }, udp.Send);
        var probe = new TransportProbe(transport);
        udp.Transport = transport;
        udp.Start();
        transport.Start();

        DtlsSrtpKeys keys = probe.WaitConnected(Wait);
        byte[] theirs = server.WaitForKeyingMaterial(Wait);

        Assert.Equal(profile, keys.Profile);
        Assert.Equal(theirs, Material(keys));
        Assert.True(transport.ExtendedMasterSecret);
        server.WaitForLine("SRTP Extension negotiated, profile=" + opensslProfile, Wait);

        // Application data both ways: s_server prints what it receives and sends what it reads on stdin.
        Assert.True(transport.SendApplicationData("hello from janus\n"u8));
        server.WaitForLine("hello from janus", Wait);
        server.WriteLine("hello from openssl");
        probe.WaitForRecords(1, Wait);
        Assert.StartsWith("hello from openssl", Encoding.ASCII.GetString(probe.Received.Single()));

        transport.Close();
        server.WaitForLine("DONE", Wait); // s_server got our close_notify
    }

    [Theory]
    [InlineData("SRTP_AES128_CM_SHA1_80", SrtpProtectionProfile.Aes128CmHmacSha1_80)]
    [InlineData("SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_128_GCM", SrtpProtectionProfile.AeadAes128Gcm)]
    public void OpenSslClient_ConnectsToOurServer_AndExportsTheSameKeys(string opensslProfiles, SrtpProtectionProfile expected)
    {
        RequireOpenSsl();
        using var directory = new TempDirectory();
        (string cert, string key, DtlsFingerprint fingerprint) = OpenSslCertificate(directory, "client");
        int length = DtlsSrtpKeys.MaterialLength(expected);
        using var udp = new LoopbackDtlsSocket();
        using var transport = new DtlsTransport(new DtlsTransportOptions
        {
            Role = DtlsRole.Server,
            Certificate = DtlsCertificate.Generate(),
            RemoteFingerprint = fingerprint,
        }, udp.Send);
        var probe = new TransportProbe(transport);
        udp.Transport = transport;
        udp.Start();
        transport.Start();

        using var client = new OpenSslPeer(
            $"s_client -dtls1_2 -connect 127.0.0.1:{udp.Port} -cert {cert} -key {key} -mtu 1200 " +
            $"-use_srtp {opensslProfiles} -keymatexport EXTRACTOR-dtls_srtp -keymatexportlen {length}");

        DtlsSrtpKeys keys = probe.WaitConnected(Wait);
        byte[] theirs = client.WaitForKeyingMaterial(Wait);

        Assert.Equal(expected, keys.Profile);
        Assert.Equal(theirs, Material(keys));
        Assert.True(transport.ExtendedMasterSecret);

        client.WriteLine("ping from openssl");
        probe.WaitForRecords(1, Wait);
        Assert.StartsWith("ping from openssl", Encoding.ASCII.GetString(probe.Received.Single()));
        Assert.True(transport.SendApplicationData("pong from janus\n"u8));
        client.WaitForLine("pong from janus", Wait);
    }

    [Fact]
    public void OpenSslClient_WithAnUnexpectedCertificate_IsRefused()
    {
        RequireOpenSsl();
        using var directory = new TempDirectory();
        (string cert, string key, _) = OpenSslCertificate(directory, "client");
        using var udp = new LoopbackDtlsSocket();
        using var transport = new DtlsTransport(new DtlsTransportOptions
        {
            Role = DtlsRole.Server,
            Certificate = DtlsCertificate.Generate(),
            RemoteFingerprint = DtlsCertificate.Generate().Fingerprint,
        }, udp.Send);
        var probe = new TransportProbe(transport);
        udp.Transport = transport;
        udp.Start();
        transport.Start();

        using var client = new OpenSslPeer(
            $"s_client -dtls1_2 -connect 127.0.0.1:{udp.Port} -cert {cert} -key {key} -use_srtp SRTP_AES128_CM_SHA1_80");

        Assert.Equal("DTLS fingerprint mismatch", probe.WaitFailed(Wait));
        client.WaitForLine("bad certificate", Wait);
    }

    /// <summary>Our keys put back in RFC 5764 §4.2 order: client key, server key, client salt, server salt.</summary>
    private static byte[] Material(DtlsSrtpKeys keys)
    {
        bool client = keys.Role == DtlsRole.Client;
        byte[] clientKey = client ? keys.LocalMasterKey : keys.RemoteMasterKey;
        byte[] serverKey = client ? keys.RemoteMasterKey : keys.LocalMasterKey;
        byte[] clientSalt = client ? keys.LocalMasterSalt : keys.RemoteMasterSalt;
        byte[] serverSalt = client ? keys.RemoteMasterSalt : keys.LocalMasterSalt;
        return [.. clientKey, .. serverKey, .. clientSalt, .. serverSalt];
    }

    private static (string Cert, string Key, DtlsFingerprint Fingerprint) OpenSslCertificate(TempDirectory directory, string name)
    {
        string cert = Path.Combine(directory.Path, name + ".crt");
        string key = Path.Combine(directory.Path, name + ".key");
        OpenSsl.Run($"req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout {key} -out {cert} -days 2 -subj /CN={name}");
        using var x509 = X509Certificate2.CreateFromPem(File.ReadAllText(cert));
        return (cert, key, DtlsFingerprint.Compute("sha-256", x509.RawData));
    }

    private static void RequireOpenSsl()
    {
        Assert.True(OpenSsl.IsAvailable, "the openssl CLI is needed for interop tests");
    }
}
