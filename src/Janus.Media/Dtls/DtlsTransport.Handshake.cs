using Janus.Core.Logging;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace Janus.Media.Dtls;

public sealed partial class DtlsTransport
{
    /// <summary>The body of the dedicated handshake thread; it returns when the handshake is over, whatever the outcome.</summary>
    private void RunHandshake()
    {
        BcDtlsTransport dtls;
        try
        {
            dtls = Handshake();
        }
        catch (Exception e)
        {
            OnHandshakeFailed(e);
            return;
        }

        if (_handshake.KeyingMaterial is not { } material)
        {
            CloseQuietly(dtls);
            OnHandshakeFailed(new TlsFatalAlert(AlertDescription.internal_error, "no SRTP keying material"));
            return;
        }
        var keys = DtlsSrtpKeys.FromKeyingMaterial((SrtpProtectionProfile)_handshake.SelectedProfile, _options.Role, material);

        lock (_gate)
        {
            if (_state != DtlsTransportState.Connecting)
            {
                CloseQuietly(dtls); // Closed locally while the handshake was finishing.
                return;
            }
            _datagrams.NonBlocking = true;
            _dtls = dtls;
            _state = DtlsTransportState.Connected;
        }

        if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
        {
            JanusLog.Verbose($"[dtls] connected as {_options.Role}: suite 0x{_handshake.CipherSuite:X4}, SRTP {keys.Profile}, EMS {_handshake.ExtendedMasterSecret}");
        }
        // Records arriving while the handler runs wait in the queue, so ApplicationData never precedes Connected.
        Raise(Connected, keys, nameof(Connected));

        string? closeReason = null;
        lock (_gate)
        {
            if (_state == DtlsTransportState.Connected)
            {
                _deliverRecords = true;
                closeReason = DrainRecordsLocked();
            }
        }
        if (closeReason is not null)
        {
            Raise(Closed, closeReason, nameof(Closed));
        }
    }

    private BcDtlsTransport Handshake()
    {
        var crypto = new DiscardingTlsCrypto(new SecureRandom());
        int timeoutMillis = (int)Math.Clamp(_options.HandshakeTimeout.TotalMilliseconds, 1, int.MaxValue);
        if (_options.Role == DtlsRole.Client)
        {
            var client = new DtlsSrtpClient(crypto, _options.Certificate, _handshake, timeoutMillis);
            return new DtlsClientProtocol().Connect(client, _datagrams);
        }
        var server = new DtlsSrtpServer(crypto, _options.Certificate, _handshake, timeoutMillis);
        // No HelloVerifyRequest cookie round trip (RFC 6347 §4.2.1): ICE connectivity checks already proved
        // the client owns its address, which is what the cookie is for; browsers and Janus skip it too.
        var protocol = new DtlsServerProtocol { VerifyRequests = false };
        return protocol.Accept(server, _datagrams);
    }

    private void OnHandshakeFailed(Exception e)
    {
        string reason = DescribeFailure(e);
        bool report;
        lock (_gate)
        {
            report = _state == DtlsTransportState.Connecting;
            if (report)
            {
                _state = DtlsTransportState.Failed;
            }
        }
        _datagrams.Cancel();
        _datagrams.Clear();
        if (report)
        {
            JanusLog.Warn("[dtls] handshake failed: " + reason);
            Raise(Failed, reason, nameof(Failed));
        }
    }

    private string DescribeFailure(Exception e)
    {
        if (_handshake.FailureReason is { } ours)
        {
            return ours;
        }
        if (_datagrams.DeadlinePassed || e is TlsTimeoutException || e.InnerException is TlsTimeoutException)
        {
            return "DTLS handshake timed out";
        }
        if (e is TlsFatalAlertReceived received)
        {
            return "DTLS alert: " + AlertDescription.GetName(received.AlertDescription);
        }
        if (e is TlsFatalAlert raised)
        {
            return "DTLS handshake failed: " + AlertDescription.GetName(raised.AlertDescription);
        }
        return "DTLS handshake failed: " + e.Message;
    }
}
