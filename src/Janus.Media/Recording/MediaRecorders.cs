using System.Text.Json.Nodes;
using Janus.Core.Plugins;
using Janus.Media.Relay;

namespace Janus.Media.Recording;

/// <summary>
/// The recordings of one handle: at most one audio, one video and one data recording at a time, fed from the
/// packet path. A simulcast sender's video is recorded from its best substream (Janus keeps the highest one), so
/// the file holds one continuous stream.
/// </summary>
public sealed class MediaRecorders : IDisposable
{
    [ThreadStatic]
    private static byte[]? t_scratch;

    private readonly object _gate = new();
    private readonly SimulcastForwarder _bestSubstream = new() { TargetSubstream = 2, TargetTemporalLayer = 2 };
    private volatile MjrRecorder? _audio;
    private volatile MjrRecorder? _video;
    private volatile MjrRecorder? _data;

    public MjrRecorder? Audio => _audio;
    public MjrRecorder? Video => _video;
    public MjrRecorder? Data => _data;

    /// <summary>The running recording of <paramref name="kind"/>, if any.</summary>
    public MjrRecorder? Get(RecordingKind kind) => kind switch
    {
        RecordingKind.Audio => _audio,
        RecordingKind.Video => _video,
        _ => _data,
    };

    /// <summary>Whether any recording is running (the packet path checks this first).</summary>
    public bool Active => _audio is not null || _video is not null || _data is not null;

    /// <summary>Takes <paramref name="recorder"/> as the recording of its kind; false (and nothing kept) if one already runs.</summary>
    public bool TryAdd(MjrRecorder recorder)
    {
        lock (_gate)
        {
            switch (recorder.Kind)
            {
                case RecordingKind.Audio when _audio is null:
                    _audio = recorder;
                    return true;
                case RecordingKind.Video when _video is null:
                    _bestSubstream.Reset();
                    _video = recorder;
                    return true;
                case RecordingKind.Data when _data is null:
                    _data = recorder;
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>Closes the recording of <paramref name="kind"/>, if there is one.</summary>
    public void Stop(RecordingKind kind)
    {
        MjrRecorder? recorder;
        lock (_gate)
        {
            switch (kind)
            {
                case RecordingKind.Audio:
                    recorder = _audio;
                    _audio = null;
                    break;
                case RecordingKind.Video:
                    recorder = _video;
                    _video = null;
                    break;
                default:
                    recorder = _data;
                    _data = null;
                    break;
            }
        }
        recorder?.Close();
    }

    public void StopAll()
    {
        Stop(RecordingKind.Audio);
        Stop(RecordingKind.Video);
        Stop(RecordingKind.Data);
    }

    /// <summary>Records what the peer sent, if a recording of its kind runs.</summary>
    public void Record(in RtpPacket packet)
    {
        MjrRecorder? recorder = packet.Video ? _video : _audio;
        if (recorder is null)
        {
            return;
        }
        if (!packet.Video || packet.Substream < 0)
        {
            recorder.SaveRtp(packet.Buffer);
            return;
        }
        byte[] scratch = t_scratch ??= new byte[2048];
        SimulcastDecision decision = _bestSubstream.Forward(packet.Buffer, packet.Substream, packet.Codec, scratch, out int length, packet.Layers.Known ? packet.Layers.Temporal : -1);
        if ((decision & SimulcastDecision.Relay) != 0)
        {
            recorder.SaveRtp(scratch.AsSpan(0, length));
        }
    }

    public void RecordData(ReadOnlySpan<byte> message) => _data?.SaveData(message);

    /// <summary>The files being written, as Janus's plugins list them in handle_info: <c>{"audio": path, ...}</c>.</summary>
    public JsonObject Describe()
    {
        var files = new JsonObject();
        if (_audio is { } audio)
        {
            files["audio"] = audio.FilePath;
        }
        if (_video is { } video)
        {
            files["video"] = video.FilePath;
        }
        if (_data is { } data)
        {
            files["data"] = data.FilePath;
        }
        return files;
    }

    public void Dispose() => StopAll();
}
