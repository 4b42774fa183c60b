using System.Text.Json.Nodes;

namespace Janus.Media.Recording;

/// <summary>
/// The recordings of one handle: at most one audio, one video and one data recording at a time, fed from the
/// packet path (the relay node hands them what to write).
/// </summary>
public sealed class MediaRecorders : IDisposable
{
    private readonly object _gate = new();
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

    /// <summary>
    /// An RTP packet of the handle's peer, already chosen by the relay when the peer simulcasts (the recording then
    /// holds the best substream as one continuous stream, as Janus keeps the highest one).
    /// </summary>
    public void RecordRtp(bool video, ReadOnlySpan<byte> rtp) => (video ? _video : _audio)?.SaveRtp(rtp);

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
