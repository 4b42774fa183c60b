using System.Net;
using Janus.Core;
using Janus.Core.Logging;
using Janus.Media.Ice.Candidates;
using Janus.Media.Ice.Stun;
using Janus.Media.Net;

namespace Janus.Media.Ice;

public sealed partial class IceAgent
{
    void IUdpReceiver.OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, SocketAddress remote)
    {
        DatagramKind kind = DatagramClassifier.Classify(datagram);
        if (kind == DatagramKind.Stun)
        {
            if (_stunClient.HasPending && _stunClient.TryHandleResponse(datagram))
            {
                return;
            }
            OnStun(endpoint, datagram, remote);
            return;
        }
        if (kind == DatagramKind.Unknown)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        IceCandidatePair? pair = _selected;
        if (pair is null || pair.Base.Endpoint != endpoint || !SocketAddressBytes.Equal(pair.RemoteAddress, remote))
        {
            pair = FindMediaPair(endpoint, remote);
            if (pair is null)
            {
                // RFC 8445 §11: media only from addresses ICE has checked.
                Interlocked.Increment(ref _dropped);
                return;
            }
        }
        _sink.OnDatagram(kind, datagram, pair);
    }

    private IceCandidatePair? FindMediaPair(UdpEndpoint endpoint, SocketAddress remote)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return null;
            }
            foreach (IceCandidatePair pair in _pairs)
            {
                if (pair.CanCarryMedia && pair.Base.Endpoint == endpoint && SocketAddressBytes.Equal(pair.RemoteAddress, remote))
                {
                    return pair;
                }
            }
            return null;
        }
    }

    private void OnStun(UdpEndpoint endpoint, Span<byte> datagram, SocketAddress remote)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            if (!StunMessage.TryParse(datagram, out StunMessage message) || (message.HasFingerprint && !message.VerifyFingerprint()))
            {
                Interlocked.Increment(ref _dropped);
                return;
            }
            if (message.IsRequest)
            {
                OnBindingRequest(endpoint, message, remote);
            }
            else if (message.IsSuccessResponse || message.IsErrorResponse)
            {
                OnBindingResponse(endpoint, message, remote);
            }
            // Binding indications are keepalives (RFC 8445 §11): nothing to do.
        }
        Flush();
    }

    /// <summary>RFC 8445 §7.3: answer a check, resolve role conflicts, learn peer-reflexive candidates, trigger checks.</summary>
    private void OnBindingRequest(UdpEndpoint endpoint, StunMessage request, SocketAddress remote)
    {
        if (!request.HasFingerprint || !request.HasUsername || !request.HasMessageIntegrity)
        {
            // RFC 8489 §9.1.3: a request without USERNAME or MESSAGE-INTEGRITY gets 400.
            SendError(endpoint, request, remote, StunErrorCode.BadRequest, "Bad Request", null);
            Interlocked.Increment(ref _dropped);
            return;
        }
        ReadOnlySpan<byte> username = request.Username;
        int colon = username.IndexOf((byte)':');
        ReadOnlySpan<byte> localUfrag = colon >= 0 ? username.Slice(0, colon) : username;
        CredentialKeys? keys = localUfrag.SequenceEqual(_keys.LocalUfrag) ? _keys
            : _previousKeys is { } previous && localUfrag.SequenceEqual(previous.LocalUfrag) ? previous : null;
        if (keys is null || !request.VerifyMessageIntegrity(keys.LocalPassword))
        {
            SendError(endpoint, request, remote, StunErrorCode.Unauthorized, "Unauthorized", null);
            Interlocked.Increment(ref _dropped);
            return;
        }
        // RFC 8445 §7.3.1.1: role conflict; the larger tie-breaker keeps (or takes) the controlling role.
        if (_role == IceRole.Controlling && request.HasIceControlling)
        {
            if (_tieBreaker >= request.TieBreaker)
            {
                SendError(endpoint, request, remote, StunErrorCode.RoleConflict, "Role Conflict", keys.LocalPassword);
                return;
            }
            SwitchRole(IceRole.Controlled);
        }
        else if (_role == IceRole.Controlled && request.HasIceControlled && !_lite)
        {
            if (_tieBreaker >= request.TieBreaker)
            {
                SwitchRole(IceRole.Controlling);
            }
            else
            {
                SendError(endpoint, request, remote, StunErrorCode.RoleConflict, "Role Conflict", keys.LocalPassword);
                return;
            }
        }
        SendSuccess(endpoint, request, remote, keys.LocalPassword);

        LocalBase? b = FindBase(endpoint);
        if (b is null)
        {
            return;
        }
        long now = _time.Milliseconds();
        if (keys != _keys)
        {
            // A check on the old generation (the peer's consent on the pair still carrying media).
            if (_selected is { } old && old.Base == b && SocketAddressBytes.Equal(old.RemoteAddress, remote) && _lite)
            {
                old.LastConsentAt = now;
            }
            return;
        }
        IceCandidate remoteCandidate = FindRemoteCandidate(remote) ?? LearnPeerReflexive(SocketAddressBytes.ToEndPoint(remote),
            request.HasPriority ? request.Priority : CandidatePriority.Compute(IceCandidateType.PeerReflexive, 65535, 1));
        IceCandidatePair? pair = FindOrCreatePair(b, remoteCandidate);
        if (pair is null)
        {
            return;
        }
        pair.PeerAuthenticated = true;
        _mux?.ClaimAddress(remote, this);
        if (_lite)
        {
            // RFC 8445 §2.5: a lite agent does no checks; the peer's check is the proof, its USE-CANDIDATE the choice.
            pair.State = IceCandidatePairState.Succeeded;
            pair.LastConsentAt = now;
            if (request.UseCandidate)
            {
                Nominate(pair);
            }
            return;
        }
        if (request.UseCandidate && _role == IceRole.Controlled)
        {
            // RFC 8445 §7.3.1.5: nominated now if our check succeeded, else when it does.
            if (pair.State == IceCandidatePairState.Succeeded)
            {
                Nominate(pair);
            }
            else
            {
                pair.NominateOnSuccess = true;
            }
        }
        // RFC 8445 §7.3.1.4: a triggered check, unless one is in flight or the pair already succeeded.
        if (pair.State is IceCandidatePairState.Frozen or IceCandidatePairState.Waiting or IceCandidatePairState.Failed)
        {
            pair.State = IceCandidatePairState.Waiting;
            EnqueueTriggered(pair);
            ScheduleSoon();
        }
    }

    /// <summary>RFC 8445 §7.2.5: a response to one of our checks.</summary>
    private void OnBindingResponse(UdpEndpoint endpoint, StunMessage response, SocketAddress remote)
    {
        TransactionKey key = TransactionKey.From(response.TransactionId);
        if (!_transactions.TryGetValue(key, out IceTransaction? tx))
        {
            return; // late retransmission answer or not ours
        }
        if (!response.HasMessageIntegrity || !response.VerifyMessageIntegrity(tx.RemotePassword))
        {
            Interlocked.Increment(ref _dropped); // RFC 8489 §9.1.4: discard, the real answer may still come
            return;
        }
        _transactions.Remove(key);
        IceCandidatePair pair = tx.Pair;
        if (tx.Nominate)
        {
            _nominating = false;
        }
        if (response.IsErrorResponse)
        {
            if (response.ErrorCode == StunErrorCode.RoleConflict && !tx.Consent)
            {
                // RFC 8445 §7.2.5.1: switch role (unless we already did) and check the pair again.
                if (tx.Role == _role)
                {
                    SwitchRole(_role == IceRole.Controlling ? IceRole.Controlled : IceRole.Controlling);
                }
                pair.State = IceCandidatePairState.Waiting;
                EnqueueTriggered(pair);
                ScheduleSoon();
            }
            else if (!tx.Consent)
            {
                pair.State = IceCandidatePairState.Failed;
            }
            return;
        }
        // RFC 8445 §7.2.5.2.1: the response must come from where we sent, to where we sent from.
        if (pair.Base.Endpoint != endpoint || !SocketAddressBytes.Equal(pair.RemoteAddress, remote))
        {
            if (!tx.Consent)
            {
                pair.State = IceCandidatePairState.Failed;
            }
            return;
        }
        long now = _time.Milliseconds();
        pair.LastConsentAt = now;
        if (tx.Consent)
        {
            if (pair == _selected && _state == IceConnectionState.Disconnected)
            {
                SetState(IceConnectionState.Connected);
                UpdateCompletion();
            }
            return;
        }
        pair.State = IceCandidatePairState.Succeeded;
        if (_firstValidAt == 0)
        {
            _firstValidAt = now;
        }
        if (pair.Generation != _generation)
        {
            return;
        }
        if (tx.Nominate && _role == IceRole.Controlling)
        {
            Nominate(pair);
        }
        else if (pair.NominateOnSuccess && _role == IceRole.Controlled)
        {
            Nominate(pair);
        }
        else
        {
            UpdateCompletion();
        }
        if (JanusLog.IsEnabled(JanusLogLevel.Dbg))
        {
            JanusLog.Debug($"[ice] {_keys.Local.Ufrag}: check succeeded on {pair}");
        }
    }

    private static void SendSuccess(UdpEndpoint endpoint, StunMessage request, SocketAddress remote, byte[] password)
    {
        Span<byte> buffer = stackalloc byte[96];
        var writer = new StunWriter(buffer, StunConstants.BindingSuccess, request.TransactionId);
        writer.AddXorMappedAddress(SocketAddressBytes.GetAddress(remote), SocketAddressBytes.GetPort(remote));
        writer.AddMessageIntegrity(password);
        writer.AddFingerprint();
        endpoint.SendTo(writer.Written, remote);
    }

    private static void SendError(UdpEndpoint endpoint, StunMessage request, SocketAddress remote, int code, string reason, byte[]? password)
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunWriter(buffer, StunConstants.BindingError, request.TransactionId);
        writer.AddErrorCode(code, reason);
        if (password is not null)
        {
            writer.AddMessageIntegrity(password);
        }
        writer.AddFingerprint();
        endpoint.SendTo(writer.Written, remote);
    }
}
