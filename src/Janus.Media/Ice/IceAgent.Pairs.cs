using System.Net;
using Janus.Core;
using Janus.Core.Logging;
using Janus.Media.Ice.Candidates;
using Janus.Media.Net;

namespace Janus.Media.Ice;

public sealed partial class IceAgent
{
    private void AddRemoteCandidateLocked(IceCandidate candidate)
    {
        if (_disposed)
        {
            return;
        }
        if (candidate.IsMdns || candidate.IPAddress is null)
        {
            if (JanusLog.IsEnabled(JanusLogLevel.Dbg))
            {
                JanusLog.Debug($"[ice] {_keys.Local.Ufrag}: ignoring candidate we cannot resolve: {candidate.Address}");
            }
            return;
        }
        if (candidate.Protocol != IceTransportProtocol.Udp || candidate.Component != 1 || candidate.Port == 0)
        {
            return; // we only do UDP, and with rtcp-mux (RFC 8843 BUNDLE) a single component
        }
        // Chromium tags candidates with the ufrag of their generation: one from before a restart is stale.
        if (candidate.GetExtension("ufrag") is { } ufrag && _keys.Remote is { } remote && ufrag != remote.Ufrag)
        {
            return;
        }
        if (FindRemoteCandidate(candidate.IPAddress, candidate.Port) is not null || _remoteCandidates.Count >= MaxRemoteCandidates)
        {
            return;
        }
        _remoteCandidates.Add(candidate);
        foreach (LocalBase b in _bases)
        {
            if (CanPair(b, candidate.IPAddress))
            {
                FindOrCreatePair(b, candidate);
            }
        }
        ScheduleSoon();
    }

    private IceCandidate? FindRemoteCandidate(IPAddress address, int port)
    {
        foreach (IceCandidate c in _remoteCandidates)
        {
            if (c.Port == port && address.Equals(c.IPAddress))
            {
                return c;
            }
        }
        return null;
    }

    private IceCandidate? FindRemoteCandidate(SocketAddress address)
    {
        foreach (IceCandidate c in _remoteCandidates)
        {
            if (c.IPAddress is { } ip && SocketAddressBytes.SameAddress(address, ip, c.Port))
            {
                return c;
            }
        }
        return null;
    }

    private static bool CanPair(LocalBase b, IPAddress remote)
    {
        IPAddress local = b.Endpoint.LocalEndPoint.Address;
        // Same family, and loopback only with loopback: a loopback socket cannot reach anything else.
        return local.AddressFamily == remote.AddressFamily && IPAddress.IsLoopback(local) == IPAddress.IsLoopback(remote);
    }

    private IceCandidatePair? FindOrCreatePair(LocalBase b, IceCandidate remote)
    {
        foreach (IceCandidatePair existing in _pairs)
        {
            if (existing.Base == b && existing.RemoteEndPoint.Port == remote.Port && existing.RemoteEndPoint.Address.Equals(remote.IPAddress))
            {
                return existing;
            }
        }
        if (_pairs.Count >= MaxPairs)
        {
            return null;
        }
        var pair = new IceCandidatePair(b, remote, _generation);
        pair.Priority = ComputePairPriority(pair);
        _pairs.Add(pair);
        return pair;
    }

    private ulong ComputePairPriority(IceCandidatePair pair)
    {
        uint local = pair.Base.HostCandidate.Priority;
        uint remote = pair.Remote.Priority;
        return _role == IceRole.Controlling ? CandidatePriority.Pair(local, remote) : CandidatePriority.Pair(remote, local);
    }

    /// <summary>A peer-reflexive remote candidate (RFC 8445 §7.3.1.3): a check from an address not signalled.</summary>
    private IceCandidate LearnPeerReflexive(IPEndPoint source, uint priority)
    {
        var candidate = new IceCandidate("prflx" + (++_prflxCounter).ToString(System.Globalization.CultureInfo.InvariantCulture), 1,
            IceTransportProtocol.Udp, priority, source.Address.ToString(), source.Port, IceCandidateType.PeerReflexive);
        if (_remoteCandidates.Count < MaxRemoteCandidates)
        {
            _remoteCandidates.Add(candidate);
        }
        if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
        {
            JanusLog.Verbose($"[ice] {_keys.Local.Ufrag}: peer-reflexive candidate {source}");
        }
        return candidate;
    }

    private LocalBase? FindBase(UdpEndpoint endpoint)
    {
        foreach (LocalBase b in _bases)
        {
            if (b.Endpoint == endpoint)
            {
                return b;
            }
        }
        return null;
    }

    private void SwitchRole(IceRole role)
    {
        if (_role == role)
        {
            return;
        }
        _role = role;
        _nominating = false;
        foreach (IceCandidatePair pair in _pairs)
        {
            pair.Priority = ComputePairPriority(pair);
        }
        if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
        {
            JanusLog.Verbose($"[ice] {_keys.Local.Ufrag}: role conflict resolved, now {role}");
        }
    }

    private void EnqueueTriggered(IceCandidatePair pair)
    {
        if (!pair.InTriggeredQueue)
        {
            pair.InTriggeredQueue = true;
            _triggered.Enqueue(pair);
        }
    }

    /// <summary>
    /// A pair is nominated (RFC 8445 §8.1.1). The highest-priority nominated pair of the current generation carries
    /// media; a nomination in a new generation (after a restart) always replaces the old pair.
    /// </summary>
    private void Nominate(IceCandidatePair pair)
    {
        pair.Nominated = true;
        pair.NominateOnSuccess = false;
        IceCandidatePair? current = _selected;
        if (current is null || current.Generation != pair.Generation || pair.Priority > current.Priority || _sendingStopped)
        {
            Select(pair);
        }
        UpdateCompletion();
    }

    private void Select(IceCandidatePair pair)
    {
        long now = _time.Milliseconds();
        pair.LastConsentAt = now;
        pair.NextConsentAt = now + ConsentDelay();
        _selected = pair;
        _sendingStopped = false;
        if (pair.Generation == _generation && _previousKeys is { } previous)
        {
            // The restart is done: the old credentials stop answering (RFC 8445 §9).
            _mux?.UnregisterUfrag(previous.Local.Ufrag, this);
            _previousKeys = null;
        }
        if (JanusLog.IsEnabled(JanusLogLevel.Verbose))
        {
            JanusLog.Verbose($"[ice] {_keys.Local.Ufrag}: selected pair {pair}");
        }
        Notify(() => SelectedPairChanged?.Invoke(this, pair));
        if (_state is IceConnectionState.New or IceConnectionState.Checking or IceConnectionState.Disconnected or IceConnectionState.Failed)
        {
            SetState(IceConnectionState.Connected);
        }
    }

    /// <summary>Connected becomes completed when a nominated pair carries media and no check is left (RFC 8445 §8.1.2).</summary>
    private void UpdateCompletion()
    {
        IceCandidatePair? selected = _selected;
        if (_state != IceConnectionState.Connected || selected is null || selected.Generation != _generation)
        {
            return;
        }
        foreach (IceCandidatePair pair in _pairs)
        {
            if (pair.State is IceCandidatePairState.Waiting or IceCandidatePairState.InProgress or IceCandidatePairState.Frozen)
            {
                return;
            }
        }
        if (_triggered.Count == 0)
        {
            SetState(IceConnectionState.Completed);
        }
    }

    // RFC 7675 §5.1: the interval is randomized between 0.8 and 1.2 times the base.
    private long ConsentDelay() => (long)(_timings.ConsentInterval.TotalMilliseconds * (0.8 + 0.4 * Random.Shared.NextDouble()));
}
