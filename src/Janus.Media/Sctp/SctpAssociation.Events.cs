using System.Buffers;
using Janus.Core.Logging;

namespace Janus.Media.Sctp;

// Events are queued under the lock and raised after it is released, by one thread at a time, in order.
public sealed partial class SctpAssociation
{
    private readonly Queue<PendingEvent> _events = new();
    private bool _draining;

    private void Enqueue(in PendingEvent pending) => _events.Enqueue(pending);

    private void DrainEvents()
    {
        while (true)
        {
            PendingEvent next;
            lock (_lock)
            {
                if (_draining || _events.Count == 0)
                {
                    return;
                }

                _draining = true;
                next = _events.Dequeue();
            }

            try
            {
                Raise(next);
            }
            catch (Exception ex)
            {
                JanusLog.Warn($"[SCTP] an event handler threw: {ex.Message}");
            }
            finally
            {
                if (next.Buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(next.Buffer);
                }

                lock (_lock)
                {
                    _draining = false;
                }
            }
        }
    }

    private void Raise(in PendingEvent pending)
    {
        switch (pending.Kind)
        {
            case EventKind.Established:
                Established?.Invoke();
                break;
            case EventKind.ChannelOpened:
                ChannelOpened?.Invoke(pending.Channel!);
                break;
            case EventKind.Message:
                MessageReceived?.Invoke(pending.Channel!, pending.Binary,
                    pending.Buffer is null ? ReadOnlySpan<byte>.Empty : pending.Buffer.AsSpan(0, pending.Length));
                break;
            case EventKind.ChannelClosed:
                ChannelClosed?.Invoke(pending.Channel!);
                break;
            case EventKind.BufferedAmountLow:
                BufferedAmountLow?.Invoke(pending.Channel!);
                break;
            case EventKind.Closed:
                Closed?.Invoke(pending.Reason ?? "");
                break;
        }
    }

    private enum EventKind : byte
    {
        Established,
        ChannelOpened,
        Message,
        ChannelClosed,
        BufferedAmountLow,
        Closed,
    }

    private readonly record struct PendingEvent(EventKind Kind, DataChannel? Channel = null, bool Binary = false,
        byte[]? Buffer = null, int Length = 0, string? Reason = null);
}
