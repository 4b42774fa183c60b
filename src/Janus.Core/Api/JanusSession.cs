using System.Diagnostics.CodeAnalysis;

namespace Janus.Core.Api;

/// <summary>
/// A Janus session: its handles, the transport connection its events go to, and its activity clock.
/// The lock guards only the handle table and the source; nothing slow runs under it.
/// </summary>
internal sealed class JanusSession
{
    private readonly Dictionary<long, JanusHandle> _handles = new();
    private readonly object _lock = new();
    private ITransportConnection? _source;
    private long _lastActivityMilliseconds;
    private int _destroyed;
    private int _timedOut;
    private int _transportGone;

    public JanusSession(long id, ITransportConnection? source, TimeProvider time, string? ownerToken = null)
    {
        Id = id;
        OwnerToken = ownerToken;
        _source = source;
        Time = time;
        Touch();
        CreatedMicros = time.Microseconds();
    }

    public long Id { get; }

    /// <summary>
    /// The token the session was created with, when sessions are bound to their creator's token (see
    /// <see cref="Configuration.ServerOptions.SessionTokenBinding"/>); null otherwise, or when the API secret created it.
    /// </summary>
    public string? OwnerToken { get; }

    /// <summary>The core's clock: activity and timeouts are read from it.</summary>
    public TimeProvider Time { get; }

    /// <summary>Holds the session's events behind the replies they answer (see <see cref="ReplyFence"/>).</summary>
    public ReplyFence Fence { get; } = new();

    public long CreatedMicros { get; }

    /// <summary>Seconds of inactivity before timing out: -1 means the global value, 0 never.</summary>
    public int Timeout { get; set; } = -1;

    public long LastActivityMilliseconds => Volatile.Read(ref _lastActivityMilliseconds);

    public bool IsDestroyed => Volatile.Read(ref _destroyed) != 0;

    public bool IsTransportGone => Volatile.Read(ref _transportGone) != 0;

    /// <summary>Milliseconds of the core's clock at the session's last activity.</summary>
    public void Touch() => Volatile.Write(ref _lastActivityMilliseconds, Time.Milliseconds());

    public ITransportConnection? Source
    {
        get { lock (_lock) { return _source; } }
    }

    /// <summary>Marks the session destroyed; true only for the first caller.</summary>
    public bool MarkDestroyed() => Interlocked.Exchange(ref _destroyed, 1) == 0;

    public bool MarkTimedOut() => Interlocked.Exchange(ref _timedOut, 1) == 0;

    public void MarkTransportGone() => Volatile.Write(ref _transportGone, 1);

    /// <summary>Moves the session to <paramref name="newSource"/>; returns the previous one (null if none or the same).</summary>
    public ITransportConnection? Claim(ITransportConnection newSource, out bool sameSource)
    {
        lock (_lock)
        {
            ITransportConnection? old = _source;
            sameSource = ReferenceEquals(old, newSource);
            if (!sameSource)
            {
                _source = newSource;
                Volatile.Write(ref _transportGone, 0);
            }
            return sameSource ? null : old;
        }
    }

    public bool TryAddHandle(JanusHandle handle)
    {
        lock (_lock)
        {
            if (IsDestroyed)
            {
                return false;
            }
            return _handles.TryAdd(handle.Id, handle);
        }
    }

    public bool ContainsHandle(long id)
    {
        lock (_lock) { return _handles.ContainsKey(id); }
    }

    public bool TryGetHandle(long id, [MaybeNullWhen(false)] out JanusHandle handle)
    {
        lock (_lock) { return _handles.TryGetValue(id, out handle); }
    }

    public bool RemoveHandle(long id)
    {
        lock (_lock) { return _handles.Remove(id); }
    }

    public JanusHandle[] TakeAllHandles()
    {
        lock (_lock)
        {
            var all = new JanusHandle[_handles.Count];
            _handles.Values.CopyTo(all, 0);
            _handles.Clear();
            return all;
        }
    }

    public long[] HandleIds()
    {
        lock (_lock)
        {
            var ids = new long[_handles.Count];
            _handles.Keys.CopyTo(ids, 0);
            return ids;
        }
    }

    public JanusHandle[] Handles()
    {
        lock (_lock)
        {
            var all = new JanusHandle[_handles.Count];
            _handles.Values.CopyTo(all, 0);
            return all;
        }
    }
}
