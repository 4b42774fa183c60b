using Janus.Core.Logging;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace Janus.Media.Dtls;

/// <summary>Sends one datagram on the PeerConnection's selected ICE pair.</summary>
public delegate void DtlsDatagramSender(ReadOnlySpan<byte> datagram);

/// <summary>Receives one decrypted application-data record (SCTP for data channels).</summary>
public delegate void DtlsApplicationDataHandler(ReadOnlySpan<byte> data);

/// <summary>
/// DTLS 1.2 for one PeerConnection (DTLS-SRTP, RFC 5763/5764) on BouncyCastle. It owns no socket: the UDP loop
/// pushes datagrams in with <see cref="HandleIncoming"/> and records go out through the sender callback.
/// </summary>
/// <remarks>
/// <para>Threading. BouncyCastle's handshake (DtlsClientProtocol.Connect / DtlsServerProtocol.Accept) is a
/// blocking loop that pulls datagrams with a timeout, which is also how it schedules retransmissions
/// (RFC 6347 §4.2.4). It runs on a dedicated, non-pool thread per handshake (<see cref="Start"/>), reading a
/// bounded queue that <see cref="HandleIncoming"/> fills without blocking. The thread ends with the handshake:
/// connected, failed, timed out or closed.</para>
/// <para>After the handshake no thread waits: <see cref="HandleIncoming"/> queues the datagram and, on the
/// caller's thread and under this transport's lock, asks BouncyCastle for records with the queue in
/// non-blocking mode, so its receive returns as soon as the queue is empty. A datagram holding no application
/// data (a retransmitted Finished, an alert) costs BouncyCastle's minimum wait of one millisecond of
/// polling an empty queue; application data returns at once. Retransmitting our last flight when the peer
/// repeats its own happens inside that same call.</para>
/// <para>Events: <see cref="Connected"/> and <see cref="Failed"/> fire on the handshake thread;
/// <see cref="ApplicationData"/> and a remote <see cref="Closed"/> on the thread calling
/// <see cref="HandleIncoming"/>. Handlers should be quick; exceptions they throw are logged and swallowed.
/// A local <see cref="Close"/> raises no event.</para>
/// </remarks>
public sealed partial class DtlsTransport : IDisposable
{
    /// <summary>The reason Janus gives in its <c>hangup</c> event when the peer closes DTLS.</summary>
    public const string RemoteAlertReason = "DTLS alert";

    // RFC 6347 §4.1.1 / RFC 5246 §6.2.1: a record carries at most 2^14 bytes of plaintext.
    private const int MaxRecordPlaintext = 1 << 14;

    private readonly object _gate = new();
    private readonly DtlsTransportOptions _options;
    private readonly PushDatagramTransport _datagrams;
    private readonly DtlsHandshakeState _handshake;
    private DtlsTransportState _state = DtlsTransportState.New;
    private volatile BcDtlsTransport? _dtls;
    private Thread? _handshakeThread;
    private bool _deliverRecords; // set once the Connected handlers have returned
    private long _droppedRecords;

    public DtlsTransport(DtlsTransportOptions options, DtlsDatagramSender send)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(send);
        if (options.Mtu < 256 || options.Mtu > 65507)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MTU must be 256..65507");
        }
        _options = options;
        _datagrams = new PushDatagramTransport(datagram => send(datagram), options.Mtu, options.HandshakeTimeout);
        _handshake = new DtlsHandshakeState(options.RemoteFingerprint, SrtpProtectionProfiles.ToWire(options.SrtpProfiles)) { AlertReceived = OnAlertReceived };
    }

    /// <summary>The handshake finished and the peer's fingerprint matched: the SRTP keys for our role.</summary>
    public event Action<DtlsSrtpKeys>? Connected;

    /// <summary>A decrypted application-data record; the span is valid only during the call.</summary>
    public event DtlsApplicationDataHandler? ApplicationData;

    /// <summary>The peer ended the connection (close_notify or a fatal alert): <see cref="RemoteAlertReason"/>.</summary>
    public event Action<string>? Closed;

    /// <summary>The handshake failed: bad fingerprint, no common SRTP profile, an alert, or the timeout.</summary>
    public event Action<string>? Failed;

    public DtlsRole Role => _options.Role;

    public DtlsTransportState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The largest application-data record that still fits one <see cref="DtlsTransportOptions.Mtu"/> datagram.</summary>
    public int MaxApplicationDataSize
    {
        get
        {
            try
            {
                return _dtls?.GetSendLimit() ?? 0;
            }
            catch (IOException)
            {
                return 0;
            }
        }
    }

    /// <summary>Datagrams and records dropped: oversized, flooding, not DTLS, undecryptable.</summary>
    public long DroppedCount => _datagrams.DroppedDatagrams + Interlocked.Read(ref _droppedRecords);

    /// <summary>The last alert the peer sent, as "level:description" text, for logs and the Admin API.</summary>
    public string? LastAlertReceived { get; private set; }

    /// <summary>The negotiated cipher suite (IANA number) once connected.</summary>
    public int CipherSuite => _handshake.CipherSuite;

    /// <summary>Whether the handshake used the extended master secret (RFC 7627).</summary>
    public bool ExtendedMasterSecret => _handshake.ExtendedMasterSecret;

    internal Thread? HandshakeThread => _handshakeThread;

    /// <summary>
    /// The UDP demultiplexer's test (RFC 7983 §7): a first byte in 20..63 is DTLS, as opposed to STUN (0..3)
    /// or RTP/RTCP (128..191).
    /// </summary>
    public static bool IsDtlsDatagram(ReadOnlySpan<byte> datagram) => !datagram.IsEmpty && datagram[0] is >= 20 and <= 63;

    /// <summary>Starts the handshake on its own thread; as client, the ClientHello goes out at once.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_state != DtlsTransportState.New)
            {
                return;
            }
            _state = DtlsTransportState.Connecting;
            _handshakeThread = new Thread(RunHandshake)
            {
                IsBackground = true,
                Name = _options.Role == DtlsRole.Client ? "dtls-handshake-client" : "dtls-handshake-server",
            };
            _handshakeThread.Start();
        }
    }

    /// <summary>
    /// Encrypts and sends one application-data record. False when not connected, when the data is larger than a
    /// record can carry, or when BouncyCastle refused it. Safe to call from any thread.
    /// </summary>
    public bool SendApplicationData(ReadOnlySpan<byte> data)
    {
        BcDtlsTransport? dtls = _dtls;
        if (dtls is null || data.Length > MaxRecordPlaintext)
        {
            return false;
        }
        try
        {
            dtls.Send(data);
            return true;
        }
        catch (Exception e)
        {
            if (JanusLog.IsEnabled(JanusLogLevel.Dbg))
            {
                JanusLog.Debug("[dtls] application data not sent: " + e.Message);
            }
            return false;
        }
    }

    /// <summary>Ends the connection: close_notify to the peer if connected, the handshake thread stopped if not.</summary>
    public void Close()
    {
        BcDtlsTransport? dtls;
        lock (_gate)
        {
            if (_state is DtlsTransportState.Closed or DtlsTransportState.Failed)
            {
                return;
            }
            _state = DtlsTransportState.Closed;
            dtls = _dtls;
            _dtls = null;
            _datagrams.Cancel();
            // Inside the lock, so no HandleIncoming is in BouncyCastle's record layer at the same time.
            CloseQuietly(dtls);
        }
        _datagrams.Clear();
    }

    public void Dispose() => Close();

    private static void CloseQuietly(BcDtlsTransport? dtls)
    {
        try
        {
            dtls?.Close(); // RFC 5246 §7.2.1: sends close_notify.
        }
        catch (Exception e)
        {
            JanusLog.Verbose("[dtls] closing: " + e.Message);
        }
    }

    private void OnAlertReceived(short level, short description)
    {
        LastAlertReceived = Org.BouncyCastle.Tls.AlertLevel.GetName(level) + ":" + Org.BouncyCastle.Tls.AlertDescription.GetName(description);
        JanusLog.Verbose("[dtls] alert received: " + LastAlertReceived);
    }

    private static void Raise<T>(Action<T>? handler, T argument, string name)
    {
        if (handler is null)
        {
            return;
        }
        try
        {
            handler(argument);
        }
        catch (Exception e)
        {
            JanusLog.Error($"[dtls] {name} handler threw: {e}");
        }
    }
}
