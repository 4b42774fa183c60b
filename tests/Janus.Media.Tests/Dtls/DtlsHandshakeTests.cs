using Janus.Media.Dtls;
using Janus.Media.Tests.Dtls.Infrastructure;

namespace Janus.Media.Tests.Dtls;

public sealed class DtlsHandshakeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 16, 12)]
    [InlineData(SrtpProtectionProfile.AeadAes256Gcm, 32, 12)]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80, 16, 14)]
    public void Handshake_NegotiatesEachSrtpProfile_WithMatchingKeysOnBothSides(SrtpProtectionProfile profile, int keyLength, int saltLength)
    {
        using var pair = new DtlsPair(clientProfiles: [profile]);

        (DtlsSrtpKeys client, DtlsSrtpKeys server) = pair.Connect(Wait);

        Assert.Equal(profile, client.Profile);
        Assert.Equal(profile, server.Profile);
        Assert.Equal(DtlsRole.Client, client.Role);
        Assert.Equal(DtlsRole.Server, server.Role);
        Assert.Equal(keyLength, client.LocalMasterKey.Length);
        Assert.Equal(saltLength, client.LocalMasterSalt.Length);
        // What the client writes with, the server reads with, and the other way round.
        Assert.Equal(client.LocalMasterKey, server.RemoteMasterKey);
        Assert.Equal(client.LocalMasterSalt, server.RemoteMasterSalt);
        Assert.Equal(server.LocalMasterKey, client.RemoteMasterKey);
        Assert.Equal(server.LocalMasterSalt, client.RemoteMasterSalt);
        Assert.NotEqual(client.LocalMasterKey, client.RemoteMasterKey);
        Assert.Equal(DtlsTransportState.Connected, pair.Client.State);
        Assert.Equal(DtlsTransportState.Connected, pair.Server.State);
    }

    [Fact]
    public void Handshake_PrefersGcm_WhenTheClientOffersEverything()
    {
        using var pair = new DtlsPair(clientProfiles:
            [SrtpProtectionProfile.Aes128CmHmacSha1_80, SrtpProtectionProfile.AeadAes256Gcm, SrtpProtectionProfile.AeadAes128Gcm]);

        (DtlsSrtpKeys client, _) = pair.Connect(Wait);

        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, client.Profile);
    }

    [Fact]
    public void Handshake_UsesEcdheEcdsaAesGcm_AndExtendedMasterSecret()
    {
        using var pair = new DtlsPair();

        pair.Connect(Wait);

        const int TlsEcdheEcdsaWithAes128GcmSha256 = 0xC02B;
        Assert.Equal(TlsEcdheEcdsaWithAes128GcmSha256, pair.Client.CipherSuite);
        Assert.Equal(TlsEcdheEcdsaWithAes128GcmSha256, pair.Server.CipherSuite);
        Assert.True(pair.Client.ExtendedMasterSecret);
        Assert.True(pair.Server.ExtendedMasterSecret);
    }

    [Fact]
    public void Handshake_WithRsaServerCertificate_UsesEcdheRsa()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=rsa", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var x509 = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        DtlsCertificate certificate = DtlsCertificate.FromPem(x509.ExportCertificatePem(), rsa.ExportRSAPrivateKeyPem());
        using var pair = new DtlsPair(serverCertificate: certificate);

        (DtlsSrtpKeys client, DtlsSrtpKeys server) = pair.Connect(Wait);

        Assert.Equal(0xC02F, pair.Client.CipherSuite); // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
        Assert.Equal(client.LocalMasterKey, server.RemoteMasterKey);
    }

    [Fact]
    public void HandshakeDatagrams_RespectTheMtu_EvenWithALargeCertificate()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(4096);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=big", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var x509 = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        DtlsCertificate certificate = DtlsCertificate.FromPem(x509.ExportCertificatePem(), rsa.ExportRSAPrivateKeyPem());
        using var pair = new DtlsPair(serverCertificate: certificate, mtu: 600);
        int largest = 0;
        pair.ServerToClient.Drop = (_, datagram) =>
        {
            InterlockedMax(ref largest, datagram.Length);
            return false;
        };
        pair.ClientToServer.Drop = (_, datagram) =>
        {
            InterlockedMax(ref largest, datagram.Length);
            return false;
        };

        pair.Connect(Wait);

        Assert.InRange(largest, 1, 600);
        Assert.True(certificate.CertificateDer.Length > 600); // the Certificate message had to be fragmented
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    [Fact]
    public void Handshake_Fails_WhenTheServerCertificateDoesNotMatchTheFingerprint()
    {
        DtlsFingerprint wrong = DtlsCertificate.Generate("impostor").Fingerprint;
        using var pair = new DtlsPair(clientExpects: wrong);

        pair.Start();

        Assert.Equal("DTLS fingerprint mismatch", pair.ClientSide.WaitFailed(Wait));
        Assert.StartsWith("DTLS alert", pair.ServerSide.WaitFailed(Wait));
        Assert.False(pair.ClientSide.ConnectedTask.IsCompleted);
        Assert.False(pair.ServerSide.ConnectedTask.IsCompleted);
        Assert.Equal(DtlsTransportState.Failed, pair.Client.State);
        Assert.True(pair.Client.HandshakeThread!.Join(TimeSpan.FromSeconds(5)), "handshake thread left behind");
        Assert.True(pair.Server.HandshakeThread!.Join(TimeSpan.FromSeconds(5)), "handshake thread left behind");
    }

    [Fact]
    public void Handshake_Fails_WhenTheClientCertificateDoesNotMatchTheFingerprint()
    {
        DtlsFingerprint wrong = DtlsCertificate.Generate("impostor").Fingerprint;
        using var pair = new DtlsPair(serverExpects: wrong);

        pair.Start();

        Assert.Equal("DTLS fingerprint mismatch", pair.ServerSide.WaitFailed(Wait));
        Assert.StartsWith("DTLS alert", pair.ClientSide.WaitFailed(Wait));
        Assert.False(pair.ServerSide.ConnectedTask.IsCompleted);
    }

    [Fact]
    public void Handshake_Fails_WhenNoSrtpProfileIsShared()
    {
        using var pair = new DtlsPair(
            clientProfiles: [SrtpProtectionProfile.Aes128CmHmacSha1_80],
            serverProfiles: [SrtpProtectionProfile.AeadAes128Gcm]);

        pair.Start();

        Assert.Equal("DTLS client offered no SRTP profile we support", pair.ServerSide.WaitFailed(Wait));
        Assert.StartsWith("DTLS alert", pair.ClientSide.WaitFailed(Wait));
    }

    [Fact]
    public void HandshakeThreads_End_OnceConnected()
    {
        using var pair = new DtlsPair();

        pair.Connect(Wait);

        Assert.True(pair.Client.HandshakeThread!.Join(TimeSpan.FromSeconds(5)));
        Assert.True(pair.Server.HandshakeThread!.Join(TimeSpan.FromSeconds(5)));
        Assert.False(pair.ClientSide.ConnectedOnPoolThread);
        Assert.False(pair.ServerSide.ConnectedOnPoolThread);
    }

    [Fact]
    public void Handshake_Completes_WhenHandshakeDatagramsAreLost()
    {
        using var pair = new DtlsPair();
        // Lose the first ClientHello, the server's first flight, and the client's second flight once each;
        // RFC 6347 §4.2.4 retransmission timers must recover every one of them.
        pair.ClientToServer.Drop = (index, _) => index is 1 or 2;
        pair.ServerToClient.Drop = (index, _) => index == 1;

        (DtlsSrtpKeys client, DtlsSrtpKeys server) = pair.Connect(TimeSpan.FromSeconds(25));

        Assert.Equal(client.LocalMasterKey, server.RemoteMasterKey);
        Assert.True(pair.ClientToServer.DroppedCount + pair.ServerToClient.DroppedCount >= 3);
    }

    [Fact]
    public void Handshake_Completes_WhenTheServersLastFlightIsLost()
    {
        using var pair = new DtlsPair();
        int serverSent = 0;
        // The server's final flight (ChangeCipherSpec + Finished) is lost after the server already considers
        // itself connected; the client retransmits, and the connected server must answer from HandleIncoming.
        pair.ServerToClient.Drop = (_, datagram) => datagram[0] == 20 && Interlocked.Increment(ref serverSent) == 1;

        (DtlsSrtpKeys client, DtlsSrtpKeys server) = pair.Connect(TimeSpan.FromSeconds(25));

        Assert.True(Volatile.Read(ref serverSent) >= 2, "the server never retransmitted its last flight");
        Assert.Equal(server.LocalMasterKey, client.RemoteMasterKey);
    }

    [Fact]
    public void Handshake_Fails_AfterTheTimeout_WhenThePeerVanishes()
    {
        using var pair = new DtlsPair(handshakeTimeout: TimeSpan.FromSeconds(2));
        pair.ClientToServer.Connected = false; // the server never hears anything

        pair.Client.Start();
        var started = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal("DTLS handshake timed out", pair.ClientSide.WaitFailed(TimeSpan.FromSeconds(10)));
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(8));
        Assert.True(pair.Client.HandshakeThread!.Join(TimeSpan.FromSeconds(5)), "handshake thread left behind");
        Assert.Equal(DtlsTransportState.Failed, pair.Client.State);
    }

    [Fact]
    public void Handshake_Fails_OnBothSides_WhenTheClientVanishesMidHandshake()
    {
        using var pair = new DtlsPair(handshakeTimeout: TimeSpan.FromSeconds(2));
        // The ClientHello arrives and the server answers; everything the client sends after that is lost.
        pair.ClientToServer.Drop = (index, _) => index >= 2;

        pair.Start();

        Assert.Equal("DTLS handshake timed out", pair.ServerSide.WaitFailed(TimeSpan.FromSeconds(10)));
        // The client times out too, unless the alert the server sends as it gives up arrives first.
        Assert.Contains(pair.ClientSide.WaitFailed(TimeSpan.FromSeconds(10)), new[] { "DTLS handshake timed out", "DTLS alert: internal_error" });
        Assert.True(pair.ClientToServer.DroppedCount >= 2, "the client never retransmitted its flight");
        Assert.True(pair.Server.HandshakeThread!.Join(TimeSpan.FromSeconds(5)), "server handshake thread left behind");
        Assert.True(pair.Client.HandshakeThread!.Join(TimeSpan.FromSeconds(5)), "client handshake thread left behind");
    }

    [Fact]
    public void Handshake_Fails_AfterTheTimeout_WhenTheServerHearsNothing()
    {
        using var pair = new DtlsPair(handshakeTimeout: TimeSpan.FromSeconds(2));

        pair.Server.Start();

        Assert.Equal("DTLS handshake timed out", pair.ServerSide.WaitFailed(TimeSpan.FromSeconds(10)));
        Assert.True(pair.Server.HandshakeThread!.Join(TimeSpan.FromSeconds(5)), "handshake thread left behind");
    }

    [Fact]
    public void Close_DuringTheHandshake_EndsTheThread_WithoutEvents()
    {
        using var pair = new DtlsPair();
        pair.ClientToServer.Connected = false;
        pair.Client.Start();
        Thread.Sleep(100);

        pair.Client.Close();

        Assert.True(pair.Client.HandshakeThread!.Join(TimeSpan.FromSeconds(5)), "handshake thread left behind");
        Assert.Equal(DtlsTransportState.Closed, pair.Client.State);
        Assert.False(pair.ClientSide.FailedTask.IsCompleted);
        Assert.False(pair.ClientSide.ConnectedTask.IsCompleted);
    }

    [Fact]
    public void Datagrams_ArrivingBeforeStart_AreKeptForTheHandshake()
    {
        using var pair = new DtlsPair();
        // Only the first ClientHello gets through: the server must use the one queued before it started.
        pair.ClientToServer.Drop = (index, datagram) => index > 1 && datagram.Length > 13 && datagram[0] == 22 && datagram[13] == 1;

        pair.Client.Start();
        SpinWait.SpinUntil(() => pair.ClientToServer.SentCount > 0, TimeSpan.FromSeconds(5));
        Thread.Sleep(50); // the ClientHello is now queued in the server, which has not started
        pair.Server.Start();

        pair.ClientSide.WaitConnected(Wait);
        pair.ServerSide.WaitConnected(Wait);
    }
}
