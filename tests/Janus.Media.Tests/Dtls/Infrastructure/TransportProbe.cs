using System.Collections.Concurrent;
using Janus.Media.Dtls;

namespace Janus.Media.Tests.Dtls.Infrastructure;

/// <summary>Records every event one <see cref="DtlsTransport"/> raises, with waits for tests.</summary>
internal sealed class TransportProbe
{
    private readonly TaskCompletionSource<DtlsSrtpKeys> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TransportProbe(DtlsTransport transport)
    {
        transport.Connected += keys =>
        {
            ConnectedBeforeData = Received.IsEmpty;
            ConnectedOnPoolThread = Thread.CurrentThread.IsThreadPoolThread;
            _connected.TrySetResult(keys);
        };
        transport.Failed += reason => _failed.TrySetResult(reason);
        transport.Closed += reason => _closed.TrySetResult(reason);
        transport.ApplicationData += data =>
        {
            Received.Enqueue(data.ToArray());
            DataArrived.Release();
        };
    }

    public ConcurrentQueue<byte[]> Received { get; } = new();

    public SemaphoreSlim DataArrived { get; } = new(0);

    public bool ConnectedBeforeData { get; private set; }

    public bool ConnectedOnPoolThread { get; private set; }

    public Task<string> FailedTask => _failed.Task;
    public Task<string> ClosedTask => _closed.Task;
    public Task<DtlsSrtpKeys> ConnectedTask => _connected.Task;

    public DtlsSrtpKeys WaitConnected(TimeSpan limit)
    {
        int which = Task.WaitAny([_connected.Task, _failed.Task], limit);
        Assert.True(which == 0, which == 1 ? "handshake failed: " + _failed.Task.Result : "handshake did not finish in time");
        return _connected.Task.Result;
    }

    public string WaitFailed(TimeSpan limit)
    {
        Assert.True(_failed.Task.Wait(limit), "no Failed event in time");
        return _failed.Task.Result;
    }

    public string WaitClosed(TimeSpan limit)
    {
        Assert.True(_closed.Task.Wait(limit), "no Closed event in time");
        return _closed.Task.Result;
    }

    /// <summary>Waits until <paramref name="count"/> records have arrived in total.</summary>
    public void WaitForRecords(int count, TimeSpan limit)
    {
        DateTime deadline = DateTime.UtcNow + limit;
        while (Received.Count < count)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"only {Received.Count} of {count} records arrived");
            DataArrived.Wait(left);
        }
    }
}
