namespace Janus.Media.Sctp;

// Closing a data channel resets its stream in both directions (RFC 8831 §6.7) with RE-CONFIG (RFC 6525): we
// send an Outgoing SSN Reset Request for our side, and answer the peer's for its side.
public sealed partial class SctpAssociation
{
    private readonly List<ushort> _streamsToReset = new();
    private readonly List<ushort> _resetInFlight = new();
    private readonly List<ushort> _deferredResetStreams = new();
    private readonly List<(uint Seq, ReconfigResult Result)> _reconfigResponses = new();
    private uint _reconfigNextSeq;
    private bool _reconfigOutstanding;
    private bool _reconfigSendRequest;
    private uint _reconfigInFlightSeq;
    private uint _reconfigInFlightLastTsn;
    private uint _peerReconfigExpectedSeq;
    private uint _lastPeerRequestSeq;
    private ReconfigResult _lastPeerResult;
    private bool _deferredResetActive;
    private uint _deferredResetSeq;
    private uint _deferredResetLastTsn;

    private void QueueOutgoingReset(DataChannel channel)
    {
        if (!channel.ResetQueued && !channel.OutgoingResetDone)
        {
            channel.ResetQueued = true;
            _streamsToReset.Add(channel.Id);
        }
    }

    private void AddReconfigChunks()
    {
        foreach ((uint seq, ReconfigResult result) in _reconfigResponses)
        {
            Span<byte> value = AddChunk(SctpChunkType.Reconfig, 0, ReconfigParameters.ResponseLength);
            ReconfigParameters.WriteResponse(value, seq, result);
        }

        _reconfigResponses.Clear();
        if (!_reconfigOutstanding)
        {
            StartOutgoingReset();
        }

        if (_reconfigOutstanding && _reconfigSendRequest)
        {
            _reconfigSendRequest = false;
            int streams = Math.Min(_resetInFlight.Count, 256);
            Span<ushort> ids = stackalloc ushort[streams];
            for (int i = 0; i < streams; i++)
            {
                ids[i] = _resetInFlight[i];
            }

            Span<byte> value = AddChunk(SctpChunkType.Reconfig, 0, ReconfigParameters.OutgoingRequestLength(streams));
            ReconfigParameters.WriteOutgoingRequest(value, _reconfigInFlightSeq, _peerReconfigExpectedSeq - 1,
                _reconfigInFlightLastTsn, ids);
            _reconfigDeadlineMs = NowMs + _rto.RtoMs;
        }
    }

    /// <summary>RFC 6525 §5.1.2: one request at a time, for streams whose queued messages all have TSNs.</summary>
    private void StartOutgoingReset()
    {
        if (_streamsToReset.Count == 0 || _state != Phase.Established)
        {
            return;
        }

        for (int i = 0; i < _streamsToReset.Count && _resetInFlight.Count < 256; i++)
        {
            ushort stream = _streamsToReset[i];
            if (!HasUnsentData(stream))
            {
                _resetInFlight.Add(stream);
                _streamsToReset.RemoveAt(i--);
            }
        }

        if (_resetInFlight.Count == 0)
        {
            return;
        }

        _reconfigOutstanding = true;
        _reconfigSendRequest = true;
        _reconfigInFlightSeq = _reconfigNextSeq++;
        _reconfigInFlightLastTsn = _nextTsn - 1;
    }

    private bool HasUnsentData(ushort stream)
    {
        foreach (OutboundMessage message in _pending)
        {
            if (message.StreamId == stream && !message.Abandoned)
            {
                return true;
            }
        }

        return false;
    }

    private void OnReconfigTimeout()
    {
        if (_reconfigOutstanding)
        {
            Counters.Timeouts++;
            _reconfigSendRequest = true; // same sequence number: the peer answers a repeat with its recorded result
        }
    }

    private void HandleReconfig(ReadOnlySpan<byte> value)
    {
        if (_state is not (Phase.Established or Phase.ShutdownPending or Phase.ShutdownSent or Phase.ShutdownReceived))
        {
            Counters.UnexpectedDropped++;
            return;
        }

        var parameters = new ParameterEnumerator(value);
        while (parameters.MoveNext(out ushort type, out ReadOnlySpan<byte> parameter))
        {
            switch (type)
            {
                case ReconfigParameters.OutgoingSsnResetRequest:
                    if (OutgoingResetRequest.TryParse(parameter, out OutgoingResetRequest request))
                    {
                        HandleOutgoingResetRequest(request);
                    }
                    else
                    {
                        Counters.MalformedDropped++;
                    }

                    break;
                case ReconfigParameters.IncomingSsnResetRequest:
                    if (parameter.Length >= 4)
                    {
                        // We never ask the peer to reset our streams and do not honour such asks: deny (§5.2.3).
                        uint seq = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(parameter);
                        RespondToRequest(seq, ReconfigResult.Denied);
                    }

                    break;
                case ReconfigParameters.ReconfigResponse:
                    if (ReconfigResponse.TryParse(parameter, out ReconfigResponse response))
                    {
                        HandleReconfigResponse(response);
                    }

                    break;
            }
        }

        if (!parameters.IsWellFormed)
        {
            Counters.MalformedDropped++;
        }
    }

    private void RespondToRequest(uint seq, ReconfigResult result)
    {
        if (seq == _peerReconfigExpectedSeq)
        {
            _peerReconfigExpectedSeq++;
            _lastPeerRequestSeq = seq;
            _lastPeerResult = result;
            QueueResponse(seq, result);
        }
        else if (seq == _lastPeerRequestSeq && _peerReconfigExpectedSeq == seq + 1)
        {
            QueueResponse(seq, _lastPeerResult);
        }
        else
        {
            QueueResponse(seq, ReconfigResult.ErrorBadSequenceNumber);
        }
    }

    private void HandleOutgoingResetRequest(in OutgoingResetRequest request)
    {
        uint seq = request.RequestSeq;
        if (seq != _peerReconfigExpectedSeq)
        {
            RespondToRequest(seq, ReconfigResult.ErrorBadSequenceNumber);
            return;
        }

        if (_deferredResetActive)
        {
            QueueResponse(seq, ReconfigResult.InProgress);
            return;
        }

        _deferredResetStreams.Clear();
        for (int i = 0; i < request.StreamCount && i < 1024; i++)
        {
            _deferredResetStreams.Add(request.GetStream(i));
        }

        if (request.StreamCount == 0)
        {
            _deferredResetStreams.AddRange(_channels.Keys); // an empty list means every stream (§4.1)
        }

        // §5.2.2 E2: data up to the sender's last TSN must arrive first; until then the reset is deferred.
        _deferredResetActive = true;
        _deferredResetSeq = seq;
        _deferredResetLastTsn = request.SendersLastTsn;
        if (!CheckDeferredReset())
        {
            QueueResponse(seq, ReconfigResult.InProgress);
        }
    }

    /// <summary>Performs a deferred peer reset once the cumulative TSN reached the sender's last TSN.</summary>
    private bool CheckDeferredReset()
    {
        if (!_deferredResetActive || SerialNumber.Greater(_deferredResetLastTsn, _rx.CumulativeTsn))
        {
            return false;
        }

        _deferredResetActive = false;
        foreach (ushort stream in _deferredResetStreams)
        {
            _reassembly.ResetStream(stream);
            if (_channels.TryGetValue(stream, out DataChannel? channel))
            {
                channel.IncomingResetDone = true;
                if (channel.State is DataChannelState.Open or DataChannelState.Connecting)
                {
                    channel.State = DataChannelState.Closing;
                    DropPartial(channel);
                }

                QueueOutgoingReset(channel);
                MaybeFinishClose(channel);
            }
        }

        RespondToRequest(_deferredResetSeq, ReconfigResult.SuccessPerformed);
        return true;
    }

    private void HandleReconfigResponse(in ReconfigResponse response)
    {
        if (!_reconfigOutstanding || response.ResponseSeq != _reconfigInFlightSeq)
        {
            return;
        }

        if (response.Result == ReconfigResult.InProgress)
        {
            _reconfigDeadlineMs = NowMs + _rto.RtoMs; // ask again later with the same sequence number
            return;
        }

        // Performed, nothing to do, or refused: either way our side of these streams is finished.
        _reconfigOutstanding = false;
        _reconfigDeadlineMs = NoDeadline;
        foreach (ushort stream in _resetInFlight)
        {
            _nextOutgoingSsn.Remove(stream);
            if (_channels.TryGetValue(stream, out DataChannel? channel))
            {
                channel.OutgoingResetDone = true;
                channel.ResetQueued = false;
                MaybeFinishClose(channel);
            }
        }

        _resetInFlight.Clear();
    }

    private void QueueResponse(uint seq, ReconfigResult result) => _reconfigResponses.Add((seq, result));
}
