using Janus.Media.Ice.Candidates;

namespace Janus.Media.WebRtc;

/// <summary>
/// Full trickle (<c>-f</c>): our SDP carries no candidates, so each local candidate goes to the client as a
/// <c>trickle</c> event, then <c>{"completed": true}</c> once gathering is over (after the STUN query with <c>-S</c>).
/// Nothing is trickled before the client has the SDP they belong to: the core calls <see cref="LocalDescriptionSent"/>
/// after the event carrying it. An ICE restart gives new credentials, so the candidates are trickled again after
/// the SDP of the new generation.
/// </summary>
internal sealed partial class PeerConnection
{
    private readonly object _trickleLock = new(); // keeps the events in order; taken before _lock, never after
    private Task? _gathering;
    private bool _localDescriptionSent;
    private int _localCandidatesTrickled;
    private bool _completedTrickled;

    /// <summary>The event with our SDP has been handed to the client's transport.</summary>
    public void LocalDescriptionSent()
    {
        lock (_lock)
        {
            _localDescriptionSent = true;
        }
        TrickleLocalCandidates();
    }

    /// <summary>Called while our SDP is written (under <see cref="_lock"/>): a restart starts the trickle over.</summary>
    private void PrepareTrickleForLocalDescription(bool restart)
    {
        _localDescriptionSent = false;
        if (restart)
        {
            _localCandidatesTrickled = 0;
            _completedTrickled = false;
        }
    }

    /// <summary>Sends what has not been trickled yet: new candidates, then <c>completed</c> once gathering is over.</summary>
    private void TrickleLocalCandidates()
    {
        if (!_engine.Options.FullTrickle)
        {
            return;
        }
        lock (_trickleLock)
        {
            IReadOnlyList<IceCandidate> fresh;
            bool complete;
            MediaLine[] lines;
            lock (_lock)
            {
                if (_closed || !_localDescriptionSent || _ice is null || _completedTrickled)
                {
                    return;
                }
                IReadOnlyList<IceCandidate> all = _ice.GetLocalCandidates();
                var pending = new List<IceCandidate>();
                for (int i = _localCandidatesTrickled; i < all.Count; i++)
                {
                    pending.Add(all[i]);
                }
                _localCandidatesTrickled = all.Count;
                fresh = pending;
                complete = _gathering is null || _gathering.IsCompleted;
                _completedTrickled = complete;
                lines = _lines;
            }
            foreach (IceCandidate candidate in fresh)
            {
                _engine.Events.LocalCandidate(_handle, WebRtcEngine.CandidateJson(candidate, lines));
            }
            if (complete)
            {
                _engine.Events.LocalCandidate(_handle, null);
            }
        }
    }
}
