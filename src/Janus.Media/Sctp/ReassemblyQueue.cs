using System.Buffers;

namespace Janus.Media.Sctp;

/// <summary>Receives each complete user message, in delivery order. The span is valid only during the call.</summary>
internal interface IReassembledMessageSink
{
    void OnMessage(ushort streamId, uint ppid, ReadOnlySpan<byte> message);
}

/// <summary>
/// Turns received DATA chunks into user messages (RFC 9260 §6.5, §6.9): fragments of one message carry
/// consecutive TSNs from a B to an E chunk; ordered messages are released per stream in SSN order, unordered ones
/// as soon as they are whole. A whole message that is next in order is passed through without buffering.
/// </summary>
internal sealed class ReassemblyQueue
{
    private readonly Dictionary<ushort, OrderedStream> _ordered = new();
    private readonly List<Fragment> _unordered = new();
    private readonly int _maxMessageSize;

    public ReassemblyQueue(int maxMessageSize)
    {
        _maxMessageSize = maxMessageSize;
    }

    /// <summary>Bytes held in fragments waiting for the rest of their message or for their turn.</summary>
    public int BufferedBytes { get; private set; }

    /// <summary>Messages dropped because they were larger than the receive limit.</summary>
    public long OversizedMessages { get; private set; }

    public void Add(in DataChunk chunk, IReassembledMessageSink sink)
    {
        if (chunk.IsUnordered)
        {
            if (chunk.IsBeginning && chunk.IsEnd)
            {
                sink.OnMessage(chunk.StreamId, chunk.Ppid, chunk.UserData);
                return;
            }

            int index = Insert(_unordered, Fragment.Copy(chunk));
            TryDeliverUnordered(index, sink);
            return;
        }

        OrderedStream stream = GetStream(chunk.StreamId);
        if (SerialNumber.Less(chunk.Ssn, stream.NextSsn))
        {
            return; // already delivered or skipped by FORWARD-TSN
        }

        if (chunk.IsBeginning && chunk.IsEnd && chunk.Ssn == stream.NextSsn && stream.Fragments.Count == 0)
        {
            stream.NextSsn++;
            sink.OnMessage(chunk.StreamId, chunk.Ppid, chunk.UserData);
            return;
        }

        Insert(stream.Fragments, Fragment.Copy(chunk));
        DeliverOrdered(chunk.StreamId, stream, sink);
    }

    /// <summary>
    /// FORWARD-TSN (RFC 3758 §3.6): drops unordered fragments at or below the new cumulative TSN and, for each
    /// reported stream, skips the abandoned SSNs, delivering whatever is whole and now next in order.
    /// </summary>
    public void Forward(uint newCumulativeTsn, in ForwardTsnChunk forward, IReassembledMessageSink sink)
    {
        for (int i = _unordered.Count - 1; i >= 0; i--)
        {
            if (SerialNumber.LessOrEqual(_unordered[i].Tsn, newCumulativeTsn))
            {
                Release(_unordered, i);
            }
        }

        for (int i = 0; i < forward.StreamCount; i++)
        {
            ForwardTsnStream skipped = forward.GetStream(i);
            OrderedStream stream = GetStream(skipped.StreamId);
            while (SerialNumber.LessOrEqual(stream.NextSsn, skipped.Ssn))
            {
                // Jump straight to the lowest buffered SSN: a hostile SSN must not cost a loop over 65535 values.
                if (!TryGetLowestBufferedSsn(stream, out ushort lowest) || SerialNumber.Less(skipped.Ssn, lowest))
                {
                    stream.NextSsn = (ushort)(skipped.Ssn + 1);
                    break;
                }

                stream.NextSsn = lowest;
                if (!TryDeliverNext(skipped.StreamId, stream, sink))
                {
                    for (int f = stream.Fragments.Count - 1; f >= 0; f--)
                    {
                        if (stream.Fragments[f].Ssn == lowest)
                        {
                            Release(stream.Fragments, f);
                        }
                    }

                    stream.NextSsn = (ushort)(lowest + 1);
                }
            }

            DeliverOrdered(skipped.StreamId, stream, sink);
        }
    }

    /// <summary>The peer reset its outgoing stream (RFC 6525 §5.2.2): the next SSN on it is 0 again.</summary>
    public void ResetStream(ushort streamId)
    {
        if (_ordered.Remove(streamId, out OrderedStream? stream))
        {
            for (int i = stream.Fragments.Count - 1; i >= 0; i--)
            {
                Release(stream.Fragments, i);
            }
        }
    }

    public void Clear()
    {
        foreach (OrderedStream stream in _ordered.Values)
        {
            for (int i = stream.Fragments.Count - 1; i >= 0; i--)
            {
                Release(stream.Fragments, i);
            }
        }

        _ordered.Clear();
        for (int i = _unordered.Count - 1; i >= 0; i--)
        {
            Release(_unordered, i);
        }
    }

    private OrderedStream GetStream(ushort streamId)
    {
        if (!_ordered.TryGetValue(streamId, out OrderedStream? stream))
        {
            stream = new OrderedStream();
            _ordered[streamId] = stream;
        }

        return stream;
    }

    private static bool TryGetLowestBufferedSsn(OrderedStream stream, out ushort lowest)
    {
        lowest = 0;
        bool found = false;
        foreach (Fragment fragment in stream.Fragments)
        {
            if (SerialNumber.LessOrEqual(stream.NextSsn, fragment.Ssn) && (!found || SerialNumber.Less(fragment.Ssn, lowest)))
            {
                lowest = fragment.Ssn;
                found = true;
            }
        }

        return found;
    }

    private void DeliverOrdered(ushort streamId, OrderedStream stream, IReassembledMessageSink sink)
    {
        while (stream.Fragments.Count > 0 && TryDeliverNext(streamId, stream, sink))
        {
        }
    }

    /// <summary>Delivers the message with the stream's next SSN if all of it is here.</summary>
    private bool TryDeliverNext(ushort streamId, OrderedStream stream, IReassembledMessageSink sink)
    {
        List<Fragment> fragments = stream.Fragments;
        int first = -1;
        for (int i = 0; i < fragments.Count; i++)
        {
            if (fragments[i].Ssn == stream.NextSsn)
            {
                first = i;
                break;
            }
        }

        if (first < 0 || !fragments[first].IsBeginning)
        {
            return false;
        }

        int last = first;
        while (!fragments[last].IsEnd)
        {
            if (last + 1 == fragments.Count || fragments[last + 1].Tsn != fragments[last].Tsn + 1
                || fragments[last + 1].Ssn != stream.NextSsn || fragments[last + 1].IsBeginning)
            {
                return false;
            }

            last++;
        }

        stream.NextSsn++;
        Emit(streamId, fragments, first, last, sink);
        return true;
    }

    private void TryDeliverUnordered(int index, IReassembledMessageSink sink)
    {
        List<Fragment> fragments = _unordered;
        int first = index;
        while (!fragments[first].IsBeginning)
        {
            if (first == 0 || fragments[first - 1].Tsn != fragments[first].Tsn - 1 || fragments[first - 1].IsEnd)
            {
                return;
            }

            first--;
        }

        int last = index;
        while (!fragments[last].IsEnd)
        {
            if (last + 1 == fragments.Count || fragments[last + 1].Tsn != fragments[last].Tsn + 1
                || fragments[last + 1].IsBeginning)
            {
                return;
            }

            last++;
        }

        Emit(fragments[first].StreamId, fragments, first, last, sink);
    }

    private void Emit(ushort streamId, List<Fragment> fragments, int first, int last, IReassembledMessageSink sink)
    {
        long total = 0;
        for (int i = first; i <= last; i++)
        {
            total += fragments[i].Length;
        }

        uint ppid = fragments[last].Ppid;
        if (total > _maxMessageSize)
        {
            OversizedMessages++;
        }
        else
        {
            byte[] message = ArrayPool<byte>.Shared.Rent((int)Math.Max(total, 1));
            int offset = 0;
            for (int i = first; i <= last; i++)
            {
                fragments[i].Data.AsSpan(0, fragments[i].Length).CopyTo(message.AsSpan(offset));
                offset += fragments[i].Length;
            }

            try
            {
                sink.OnMessage(streamId, ppid, message.AsSpan(0, offset));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(message);
            }
        }

        for (int i = last; i >= first; i--)
        {
            Release(fragments, i);
        }
    }

    private int Insert(List<Fragment> fragments, Fragment fragment)
    {
        BufferedBytes += fragment.Length;
        int index = fragments.Count;
        while (index > 0 && SerialNumber.Greater(fragments[index - 1].Tsn, fragment.Tsn))
        {
            index--;
        }

        fragments.Insert(index, fragment);
        return index;
    }

    private void Release(List<Fragment> fragments, int index)
    {
        Fragment fragment = fragments[index];
        BufferedBytes -= fragment.Length;
        ArrayPool<byte>.Shared.Return(fragment.Data);
        fragments.RemoveAt(index);
    }

    private sealed class OrderedStream
    {
        public ushort NextSsn;
        public readonly List<Fragment> Fragments = new();
    }

    private readonly record struct Fragment(uint Tsn, ushort StreamId, ushort Ssn, byte Flags, uint Ppid, byte[] Data, int Length)
    {
        public bool IsBeginning => (Flags & SctpChunkFlags.Beginning) != 0;
        public bool IsEnd => (Flags & SctpChunkFlags.End) != 0;

        public static Fragment Copy(in DataChunk chunk)
        {
            byte[] data = ArrayPool<byte>.Shared.Rent(chunk.UserData.Length);
            chunk.UserData.CopyTo(data);
            return new Fragment(chunk.Tsn, chunk.StreamId, chunk.Ssn, chunk.Flags, chunk.Ppid, data, chunk.UserData.Length);
        }
    }
}
