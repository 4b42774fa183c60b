using Janus.Media.Dtls;

namespace Janus.Media.Tests.Dtls.Infrastructure;

/// <summary>Our DTLS client and our DTLS server joined by two <see cref="DatagramPipe"/>s, with what each side saw.</summary>
internal sealed class DtlsPair : IDisposable
{
    private static readonly Lazy<DtlsCertificate> s_clientCertificate = new(() => DtlsCertificate.Generate("client"));
    private static readonly Lazy<DtlsCertificate> s_serverCertificate = new(() => DtlsCertificate.Generate("server"));

    public DtlsPair(
        IReadOnlyList<SrtpProtectionProfile>? clientProfiles = null,
        IReadOnlyList<SrtpProtectionProfile>? serverProfiles = null,
        DtlsFingerprint? clientExpects = null,
        DtlsFingerprint? serverExpects = null,
        TimeSpan? handshakeTimeout = null,
        DtlsCertificate? serverCertificate = null,
        int mtu = 1200)
    {
        DtlsCertificate clientCertificate = s_clientCertificate.Value;
        serverCertificate ??= s_serverCertificate.Value;
        ClientToServer = new DatagramPipe("c2s");
        ServerToClient = new DatagramPipe("s2c");
        TimeSpan timeout = handshakeTimeout ?? TimeSpan.FromSeconds(20);

        Client = new DtlsTransport(new DtlsTransportOptions
        {
            Role = DtlsRole.Client,
            Certificate = clientCertificate,
            RemoteFingerprint = clientExpects ?? serverCertificate.Fingerprint,
            SrtpProfiles = clientProfiles,
            HandshakeTimeout = timeout,
            Mtu = mtu,
        }, ClientToServer.Send);
        Server = new DtlsTransport(new DtlsTransportOptions
        {
            Role = DtlsRole.Server,
            Certificate = serverCertificate,
            RemoteFingerprint = serverExpects ?? clientCertificate.Fingerprint,
            SrtpProfiles = serverProfiles,
            HandshakeTimeout = timeout,
            Mtu = mtu,
        }, ServerToClient.Send);

        ClientToServer.Receiver = d => Server.HandleIncoming(d);
        ServerToClient.Receiver = d => Client.HandleIncoming(d);
        ClientSide = new TransportProbe(Client);
        ServerSide = new TransportProbe(Server);
    }

    public DtlsTransport Client { get; }
    public DtlsTransport Server { get; }
    public DatagramPipe ClientToServer { get; }
    public DatagramPipe ServerToClient { get; }
    public TransportProbe ClientSide { get; }
    public TransportProbe ServerSide { get; }

    public void Start()
    {
        Server.Start();
        Client.Start();
    }

    /// <summary>Starts both and waits for both Connected events; fails the test on Failed or timeout.</summary>
    public (DtlsSrtpKeys Client, DtlsSrtpKeys Server) Connect(TimeSpan? wait = null)
    {
        Start();
        TimeSpan limit = wait ?? TimeSpan.FromSeconds(20);
        DtlsSrtpKeys clientKeys = ClientSide.WaitConnected(limit);
        DtlsSrtpKeys serverKeys = ServerSide.WaitConnected(limit);
        return (clientKeys, serverKeys);
    }

    public void Dispose()
    {
        Client.Close();
        Server.Close();
        ClientToServer.Dispose();
        ServerToClient.Dispose();
    }
}
