using System.Security.Cryptography;

namespace Janus.Media.Sctp;

// The four-way handshake (RFC 9260 §5.1) and INIT collisions (§5.2). We keep one local verification tag and
// initial TSN for the association's whole life, so an INIT ACK sent in any state carries the same values as our
// INIT, which is what lets simultaneous INITs from both browsers' sides converge (§5.2.1, §5.2.4 cases B and D).
public sealed partial class SctpAssociation
{
    private const ushort MaxStreams = 65535;
    private const long CookieLifetimeMs = 60_000;
    private uint _localTag;
    private uint _peerTag;
    private uint _localInitialTsn;
    private uint _peerInitialTsn;
    private ushort _outboundStreams = MaxStreams;
    private ushort _inboundStreams = MaxStreams;
    private bool _peerForwardTsn;
    private bool _peerReconfig;
    private int _initAttempts;
    private byte[]? _cookieEcho;

    private void EnsureLocalIdentity()
    {
        while (_localTag == 0)
        {
            _localTag = RandomU32();
        }

        if (_localInitialTsn == 0)
        {
            _localInitialTsn = RandomU32() | 1;
        }
    }

    private static uint RandomU32()
    {
        Span<byte> bytes = stackalloc byte[4];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt32(bytes);
    }

    private uint ReceiveWindow => (uint)Math.Max(0, _options.ReceiveBufferSize - _reassembly.BufferedBytes);

    private void SendInit()
    {
        _writer.Begin(_options.LocalPort, _options.RemotePort, 0);
        var init = new InitChunk(_localTag, ReceiveWindow, MaxStreams, MaxStreams, _localInitialTsn, true, true, default);
        init.Write(_writer.AddChunk(SctpChunkType.Init, 0, init.ValueLength));
        SendPacket();
        _t1DeadlineMs = NowMs + _rto.RtoMs;
        ArmTimer();
    }

    private void HandleInit(in InitChunk init)
    {
        if (_state is Phase.ShutdownAckSent or Phase.Closed)
        {
            Counters.UnexpectedDropped++;
            return;
        }

        // §5.2.1 and §5.2.2: answer from any state with our own tag and a cookie; nothing changes until the COOKIE
        // ECHO proves the peer owns the address. A restarted peer (new tag after ESTABLISHED) is not supported.
        EnsureLocalIdentity();
        var cookie = new StateCookie(_localTag, init.InitiateTag, _localInitialTsn, init.InitialTsn,
            init.AdvertisedReceiverWindow, init.OutboundStreams, init.InboundStreams, init.ForwardTsnSupported,
            init.ReconfigSupported, NowMs);
        Span<byte> cookieBytes = stackalloc byte[StateCookie.Length];
        cookie.Write(cookieBytes, _cookieSecret);

        _writer.Begin(_options.LocalPort, _options.RemotePort, init.InitiateTag);
        var ack = new InitChunk(_localTag, ReceiveWindow, MaxStreams, MaxStreams, _localInitialTsn, true, true, cookieBytes);
        ack.Write(_writer.AddChunk(SctpChunkType.InitAck, 0, ack.ValueLength));
        SendPacket();
    }

    private void HandleInitAck(in InitChunk initAck)
    {
        if (_state != Phase.CookieWait || initAck.StateCookie.IsEmpty || initAck.StateCookie.Length > 4096)
        {
            Counters.UnexpectedDropped++;
            return;
        }

        _peerTag = initAck.InitiateTag;
        SetUpPeer(initAck.InitialTsn, initAck.AdvertisedReceiverWindow, initAck.OutboundStreams, initAck.InboundStreams,
            initAck.ForwardTsnSupported, initAck.ReconfigSupported);
        _cookieEcho = initAck.StateCookie.ToArray();
        _state = Phase.CookieEchoed;
        _initAttempts = 0;
        SendCookieEcho();
    }

    private void SendCookieEcho()
    {
        _writer.Begin(_options.LocalPort, _options.RemotePort, _peerTag);
        _cookieEcho.AsSpan().CopyTo(_writer.AddChunk(SctpChunkType.CookieEcho, 0, _cookieEcho!.Length));
        SendPacket();
        _t1DeadlineMs = NowMs + _rto.RtoMs;
        ArmTimer();
    }

    private void HandleCookieEcho(ReadOnlySpan<byte> value)
    {
        if (!StateCookie.TryRead(value, _cookieSecret, out StateCookie cookie))
        {
            Counters.MalformedDropped++;
            return;
        }

        long age = NowMs - cookie.CreatedMs;
        if (cookie.LocalTag != _localTag || age < 0 || age > CookieLifetimeMs)
        {
            Counters.UnexpectedDropped++;
            return;
        }

        switch (_state)
        {
            case Phase.Idle or Phase.CookieWait or Phase.CookieEchoed:
                // §5.2.4 cases B and D: our tag matches, so this completes the association whatever we sent.
                _peerTag = cookie.PeerTag;
                SetUpPeer(cookie.PeerInitialTsn, cookie.PeerReceiverWindow, cookie.PeerOutboundStreams,
                    cookie.PeerInboundStreams, cookie.PeerForwardTsn, cookie.PeerReconfig);
                SendControl(SctpChunkType.CookieAck);
                EnterEstablished();
                break;
            case Phase.Closed:
                break;
            default:
                if (cookie.PeerTag == _peerTag)
                {
                    SendControl(SctpChunkType.CookieAck); // our COOKIE ACK was lost
                }
                else
                {
                    Counters.UnexpectedDropped++;
                }

                break;
        }
    }

    private void HandleCookieAck()
    {
        if (_state == Phase.CookieEchoed)
        {
            EnterEstablished();
        }
    }

    private void SetUpPeer(uint initialTsn, uint window, ushort outboundStreams, ushort inboundStreams, bool forwardTsn, bool reconfig)
    {
        _peerInitialTsn = initialTsn;
        _rx.Reset(initialTsn);
        _peerRwnd = window;
        _outboundStreams = Math.Min(MaxStreams, inboundStreams);
        _inboundStreams = Math.Min(MaxStreams, outboundStreams);
        _peerForwardTsn = forwardTsn;
        _peerReconfig = reconfig;
    }

    private void EnterEstablished()
    {
        _state = Phase.Established;
        _t1DeadlineMs = NoDeadline;
        _cookieEcho = null;
        _nextTsn = _localInitialTsn;
        _peerCumulativeAck = _localInitialTsn - 1;
        _advancedPeerAckPoint = _peerCumulativeAck;
        _cwnd = Math.Min(4 * _options.MaxPacketSize, Math.Max(2 * _options.MaxPacketSize, 4380));
        _ssthresh = (int)Math.Min(_peerRwnd, int.MaxValue);
        _reconfigNextSeq = _localInitialTsn;
        _peerReconfigExpectedSeq = _peerInitialTsn;
        Enqueue(new PendingEvent(EventKind.Established));
        ArmTimer();
    }

    private void OnT1Expired()
    {
        _t1DeadlineMs = NoDeadline;
        if (++_initAttempts > _options.MaxInitRetransmissions)
        {
            Terminate("handshake timed out");
            return;
        }

        Counters.Timeouts++;
        _rto.BackOff();
        if (_state == Phase.CookieWait)
        {
            SendInit();
        }
        else if (_state == Phase.CookieEchoed)
        {
            SendCookieEcho();
        }
    }

    /// <summary>A chunk with no value (COOKIE ACK, SHUTDOWN ACK...) in a packet of its own.</summary>
    private void SendControl(SctpChunkType type, byte flags = 0)
    {
        _writer.Begin(_options.LocalPort, _options.RemotePort, _peerTag);
        _writer.AddChunk(type, flags, 0);
        SendPacket();
    }
}
