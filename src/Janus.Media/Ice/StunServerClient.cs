using System.Collections.Concurrent;
using System.Net;
using Janus.Media.Ice.Stun;
using Janus.Media.Net;

namespace Janus.Media.Ice;

/// <summary>
/// Asks a STUN server for the public mapping of a local socket (RFC 8489 §6, RFC 8445 §5.1.1.2): the
/// server-reflexive candidate of <c>-S</c>/stun_server. The socket's receive loop hands every STUN response
/// to <see cref="TryHandleResponse"/> first; the ones whose transaction is ours complete the query.
/// </summary>
internal sealed class StunServerClient
{
    private readonly ConcurrentDictionary<TransactionKey, TaskCompletionSource<IPEndPoint?>> _pending = new();
    private readonly TimeProvider _time;

    public StunServerClient(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public bool HasPending => !_pending.IsEmpty;

    public async Task<IPEndPoint?> QueryAsync(UdpEndpoint endpoint, IPEndPoint server, int attempts, TimeSpan rto, CancellationToken cancellationToken)
    {
        byte[] request = new byte[StunConstants.HeaderLength + 8];
        TransactionKey key = TransactionKey.NewRandom(request.AsSpan(8, 12));
        int length = BuildRequest(request);
        var completion = new TaskCompletionSource<IPEndPoint?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = completion;
        SocketAddress serverAddress = server.Serialize();
        try
        {
            TimeSpan wait = rto;
            for (int i = 0; i < attempts && !completion.Task.IsCompleted; i++)
            {
                endpoint.SendTo(request.AsSpan(0, length), serverAddress);
                await Task.WhenAny(completion.Task, Task.Delay(wait, _time, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                wait *= 2;
            }
            return completion.Task.IsCompleted ? await completion.Task.ConfigureAwait(false) : null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    /// <summary>True when the datagram answered one of our queries (it is then consumed).</summary>
    public bool TryHandleResponse(ReadOnlySpan<byte> datagram)
    {
        if (_pending.IsEmpty || !StunMessage.TryParse(datagram, out StunMessage message) ||
            !(message.IsSuccessResponse || message.IsErrorResponse))
        {
            return false;
        }
        if (!_pending.TryRemove(TransactionKey.From(message.TransactionId), out TaskCompletionSource<IPEndPoint?>? completion))
        {
            return false;
        }
        IPEndPoint? mapped = null;
        if (message.IsSuccessResponse && !message.TryGetXorMappedAddress(out mapped))
        {
            message.TryGetMappedAddress(out mapped); // RFC 8489 §14.1: old servers answer with MAPPED-ADDRESS only
        }
        completion.TrySetResult(mapped);
        return true;
    }

    private static int BuildRequest(byte[] buffer)
    {
        var writer = new StunWriter(buffer, StunConstants.BindingRequest, buffer.AsSpan(8, 12));
        writer.AddFingerprint();
        return writer.Length;
    }
}
