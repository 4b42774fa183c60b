using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Janus.Media.WebRtc;

namespace Janus.Media.Recording;

/// <summary>What a recording holds, by Janus's codec names (record.c's list).</summary>
public enum RecordingKind
{
    Audio,
    Video,
    Data,
}

/// <summary>
/// Writes one stream to a file in Janus's <c>.mjr</c> format, so Janus's own post-processor (janus-pp-rec) and
/// tools read it: the <c>MJR00002</c> tag, then, with the first packet, a JSON description (type, codec, fmtp,
/// creation and first-packet times), then one frame per packet: <c>MEET</c>, milliseconds since the first
/// packet, length, and the RTP packet (or, for data, the real time in microseconds and the message). RTP
/// headers are made continuous across SSRC changes (simulcast switches) as Janus's recorder does. Packets come
/// from receive threads: writes are serialised and buffered, and allocate nothing.
/// </summary>
public sealed class MjrRecorder : IDisposable
{
    private static readonly byte[] s_tag = "MJR00002"u8.ToArray();
    private static readonly byte[] s_frame = "MEET"u8.ToArray();

    private readonly object _gate = new();
    private readonly FileStream _file;
    private readonly RtpStreamRewriter _rewriter = new();
    private readonly byte[] _scratch = new byte[2048];
    private readonly long _createdUs = NowRealUs();
    private readonly int _clockRate;
    private long _firstFrameTimestamp;
    private uint _ssrc;
    private bool _headerWritten;
    private bool _closed;

    private MjrRecorder(string path, RecordingKind kind, string codec, string? fmtp, FileStream file)
    {
        FilePath = path;
        Kind = kind;
        Codec = codec;
        Fmtp = fmtp;
        _file = file;
        _clockRate = ClockRateOf(codec);
    }

    /// <summary>The file being written, with its <c>.mjr</c> extension.</summary>
    public string FilePath { get; }

    public RecordingKind Kind { get; }
    public string Codec { get; }
    public string? Fmtp { get; }

    /// <summary>Marks the media as end-to-end encrypted (the header's <c>e</c> flag); set before the first packet.</summary>
    public bool Encrypted { get; set; }

    /// <summary>Packets written so far.</summary>
    public long Frames { get; private set; }

    /// <summary>The kind a codec name records, or null for a codec Janus's recorder does not know.</summary>
    public static RecordingKind? KindOf(string codec) => codec.ToLowerInvariant() switch
    {
        "vp8" or "vp9" or "h264" or "av1" or "h265" => RecordingKind.Video,
        "opus" or "multiopus" or "g711" or "pcmu" or "pcma" or "g722" or "l16-48" or "l16" => RecordingKind.Audio,
        "text" or "binary" => RecordingKind.Data,
        _ => null,
    };

    /// <summary>
    /// Creates <c>FOLDER/FILENAME.mjr</c> (or <c>FILENAME.mjr</c>, which may carry its own folder, when
    /// <paramref name="folder"/> is null), creating the folder if needed, as Janus's recorder does.
    /// </summary>
    /// <exception cref="RecordingException">An unknown codec, a folder that is a file, or a file that cannot be created.</exception>
    public static MjrRecorder Create(string? folder, string codec, string? fmtp, string filename)
    {
        RecordingKind kind = KindOf(codec) ?? throw new RecordingException($"Unsupported codec '{codec}'");
        if (string.IsNullOrWhiteSpace(filename))
        {
            filename = $"janus-recording-{Random.Shared.Next():D}";
        }
        string path = Path.GetFullPath(folder is null ? filename + ".mjr" : Path.Combine(folder, filename + ".mjr"));
        try
        {
            string? directory = Path.GetDirectoryName(path);
            if (directory is not null)
            {
                if (File.Exists(directory))
                {
                    throw new RecordingException($"Not a directory? {directory}");
                }
                Directory.CreateDirectory(directory);
            }
            var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024);
            file.Write(s_tag);
            return new MjrRecorder(path, kind, codec.ToLowerInvariant(), fmtp, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new RecordingException($"Error creating the recording {path}: {e.Message}", e);
        }
    }

    /// <summary>Saves an RTP packet (audio or video recordings).</summary>
    public void SaveRtp(ReadOnlySpan<byte> rtp)
    {
        if (Kind == RecordingKind.Data || rtp.Length < 12 || rtp.Length > _scratch.Length)
        {
            return;
        }
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            // The stream keeps its first SSRC and continuous numbering whatever the sender switches to.
            Span<byte> copy = _scratch.AsSpan(0, rtp.Length);
            rtp.CopyTo(copy);
            if (_ssrc == 0)
            {
                _ssrc = BinaryPrimitives.ReadUInt32BigEndian(copy.Slice(8));
            }
            _rewriter.Rewrite(copy, _ssrc, _clockRate, Environment.TickCount64);
            WriteFrame(copy, ReadOnlySpan<byte>.Empty);
        }
    }

    /// <summary>Saves a data channel message (data recordings), with the real time it arrived.</summary>
    public void SaveData(ReadOnlySpan<byte> message)
    {
        if (Kind != RecordingKind.Data || message.Length > ushort.MaxValue - 8)
        {
            return;
        }
        Span<byte> when = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(when, NowRealUs());
        lock (_gate)
        {
            if (!_closed)
            {
                WriteFrame(when, message);
            }
        }
    }

    /// <summary>Flushes and closes the file; later packets are ignored.</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            try
            {
                _file.Dispose();
            }
            catch (IOException)
            {
                // A full disk at the last flush: what was written stays.
            }
        }
    }

    public void Dispose() => Close();

    // Called under _gate.
    private void WriteFrame(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        long now = Stopwatch.GetTimestamp();
        try
        {
            if (!_headerWritten)
            {
                WriteHeader();
                _firstFrameTimestamp = now;
            }
            Span<byte> header = stackalloc byte[10];
            s_frame.CopyTo(header);
            BinaryPrimitives.WriteUInt32BigEndian(header.Slice(4), (uint)Stopwatch.GetElapsedTime(_firstFrameTimestamp, now).TotalMilliseconds);
            BinaryPrimitives.WriteUInt16BigEndian(header.Slice(8), (ushort)(first.Length + second.Length));
            _file.Write(header);
            _file.Write(first);
            _file.Write(second);
            Frames++;
        }
        catch (IOException)
        {
            // A full or vanished disk: stop recording rather than fail the packet path.
            _closed = true;
        }
    }

    private void WriteHeader()
    {
        var info = new JsonObject
        {
            ["t"] = Kind switch { RecordingKind.Audio => "a", RecordingKind.Video => "v", _ => "d" },
            ["c"] = Codec,
        };
        if (Fmtp is not null)
        {
            info["f"] = Fmtp;
        }
        info["s"] = _createdUs;
        info["u"] = NowRealUs();
        if (Encrypted)
        {
            info["e"] = true;
        }
        byte[] text = Encoding.UTF8.GetBytes(info.ToJsonString());
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)text.Length);
        _file.Write(length);
        _file.Write(text);
        _headerWritten = true;
    }

    private static long NowRealUs() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;

    private static int ClockRateOf(string codec) => codec.ToLowerInvariant() switch
    {
        "opus" or "multiopus" or "l16-48" => 48000,
        "g711" or "pcmu" or "pcma" or "g722" => 8000,
        "l16" => 16000,
        _ => 90000,
    };
}

/// <summary>A recording could not be started; the message says why, in Janus's words where it has them.</summary>
public sealed class RecordingException : Exception
{
    public RecordingException(string message)
        : base(message)
    {
    }

    public RecordingException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
