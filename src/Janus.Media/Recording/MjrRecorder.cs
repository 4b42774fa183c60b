using System.Buffers.Binary;
using Janus.Core;
using Janus.Core.Logging;

namespace Janus.Media.Recording;

/// <summary>
/// Writes one stream to a file in Janus's <c>.mjr</c> format (record.c), so Janus's post-processor (janus-pp-rec)
/// and tools read it: the 8-byte tag <c>MJR00002</c>; with the first packet, a 16-bit big-endian length and the
/// JSON description (<see cref="MjrInfo"/>); then one frame per packet: <c>MEET</c>, a 32-bit big-endian count of
/// milliseconds since the first packet, a 16-bit big-endian length, and the RTP packet renumbered as Janus does
/// (<see cref="MjrRtpNumbering"/>), or for data the 64-bit big-endian real time in microseconds followed by the
/// message (the length then counts those 8 bytes too). An unused recording is only the tag, as with Janus.
/// Packets come from receive threads: writes are serialised, buffered (64 KiB) and allocate nothing.
/// </summary>
public sealed class MjrRecorder : IDisposable
{
    private static ReadOnlySpan<byte> Tag => "MJR00002"u8;
    private static ReadOnlySpan<byte> FrameTag => "MEET"u8;

    private readonly object _gate = new();
    private readonly FileStream _file;
    private readonly MjrRtpNumbering _numbering;
    private readonly TimeProvider _time;
    private readonly long _createdUs;
    private readonly string? _finalPath;
    private byte[] _scratch = new byte[1600];
    private long _firstFrameUs;
    private bool _headerWritten;
    private bool _closed;
    private bool _disposed;
    private bool _encrypted;

    private MjrRecorder(string path, string? finalPath, RecordingKind kind, string codec, string? fmtp, FileStream file, TimeProvider time)
    {
        _time = time;
        _createdUs = time.UnixMicroseconds();
        FilePath = path;
        _finalPath = finalPath;
        Kind = kind;
        Codec = codec;
        Fmtp = fmtp;
        _file = file;
        _numbering = new MjrRtpNumbering(MjrRtpNumbering.ClockRateOf(codec.ToLowerInvariant()));
    }

    /// <summary>The file on disk: <c>NAME.mjr</c>, or <c>NAME.mjr.EXT</c> until closed when a temporary extension is set.</summary>
    public string FilePath { get; private set; }

    public RecordingKind Kind { get; }

    /// <summary>The codec as given (janus-pp-rec compares it without case, as Janus writes it as given).</summary>
    public string Codec { get; }

    public string? Fmtp { get; }

    /// <summary>Marks the media as end-to-end encrypted (the header's <c>e</c> flag); only before the first packet, as in Janus.</summary>
    public bool Encrypted
    {
        get => _encrypted;
        set
        {
            lock (_gate)
            {
                if (_headerWritten)
                {
                    throw new InvalidOperationException("the recording's header is already written");
                }
                _encrypted = value;
            }
        }
    }

    /// <summary>Packets written so far.</summary>
    public long Frames { get; private set; }

    /// <summary>No more packets are written: closed, or stopped by a write error.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>The kind a codec name records (record.c's list, any case), or null for a codec Janus's recorder refuses.</summary>
    public static RecordingKind? KindOf(string codec) => codec.ToLowerInvariant() switch
    {
        "vp8" or "vp9" or "h264" or "av1" or "h265" => RecordingKind.Video,
        "opus" or "multiopus" or "g711" or "pcmu" or "pcma" or "g722" or "l16-48" or "l16" => RecordingKind.Audio,
        "text" or "binary" => RecordingKind.Data,
        _ => null,
    };

    /// <summary>
    /// Creates the recording file as Janus's janus_recorder_create_full does: <c>FOLDER/FILENAME.mjr</c>, or, with no
    /// folder, <c>FILENAME.mjr</c> where the filename may carry its own folder; the folder is created if missing;
    /// no filename means <c>janus-recording-N</c> with a random 32-bit N.
    /// </summary>
    /// <exception cref="RecordingException">An unknown codec, a folder that is a file or cannot be created, a
    /// protected folder, or a file that cannot be written.</exception>
    /// <param name="time">The clock frames are stamped with; <see cref="TimeProvider.System"/> when null.</param>
    public static MjrRecorder Create(
        string? folder, string codec, string? fmtp, string? filename, RecordingPolicy? policy = null, TimeProvider? time = null)
    {
        policy ??= RecordingPolicy.Current;
        if (string.IsNullOrEmpty(codec))
        {
            throw new RecordingException("Missing codec information");
        }
        RecordingKind kind = KindOf(codec) ?? throw new RecordingException($"Unsupported codec '{codec}'");
        if (string.IsNullOrEmpty(filename))
        {
            filename = $"janus-recording-{(uint)Random.Shared.NextInt64(0, 1L << 32)}";
        }
        else if (folder is not null && Path.GetFileName(filename) != filename)
        {
            // Janus warns and goes on with FOLDER/FILENAME as written.
            JanusLog.Warn($"Unsupported combination of dir and filename {folder} {filename}");
        }
        string name = filename + ".mjr";
        string relative = folder is null ? name : folder + "/" + name;
        // Janus refuses a path that starts with a space (janus_is_folder_protected): " /etc/x" would otherwise be
        // taken as relative, a folder named " " below the working directory, and slip past a check meant for "/etc".
        if (char.IsWhiteSpace(relative[0]))
        {
            throw new RecordingException($"Target recording path '{relative}' is in protected folder...");
        }
        // With a recordings folder, relative paths are taken from it (Janus: from the working directory).
        string baseFolder = policy.RecordingsFolder ?? Directory.GetCurrentDirectory();
        string finalPath;
        try
        {
            finalPath = Path.GetFullPath(relative, baseFolder);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new RecordingException($"Invalid recording path '{relative}': {e.Message}", e);
        }
        string path = policy.TemporaryExtension is { } extension ? finalPath + "." + extension : finalPath;
        // Janus checks after creating the folder; checking first leaves no new folder inside a protected one.
        if (policy.IsProtected(path))
        {
            throw new RecordingException($"Target recording path '{path}' is in protected folder...");
        }
        // Checked before the folder is made, so a refused path leaves nothing behind.
        if (!policy.IsInsideRecordingsFolder(finalPath))
        {
            throw new RecordingException(
                $"Target recording path '{path}' is outside the recordings folder {policy.RecordingsFolder} (general.recordings_folder)");
        }
        EnsureFolder(folder is null ? Path.GetDirectoryName(finalPath) : Path.GetFullPath(folder, baseFolder));
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecordingException($"fopen error: {path}: {e.Message}", e);
        }
        try
        {
            file.Write(Tag);
        }
        catch (IOException e)
        {
            file.Dispose();
            throw new RecordingException($"Couldn't write .mjr header ({e.Message})", e);
        }
        return new MjrRecorder(path, path == finalPath ? null : finalPath, kind, codec, fmtp, file, time ?? TimeProvider.System);
    }

    /// <summary>Saves an RTP packet (audio or video recordings). The caller's buffer is not changed.</summary>
    public void SaveRtp(ReadOnlySpan<byte> rtp)
    {
        if (Kind == RecordingKind.Data || rtp.Length < 12)
        {
            return;
        }
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            if (rtp.Length > _scratch.Length)
            {
                _scratch = new byte[rtp.Length];
            }
            Span<byte> copy = _scratch.AsSpan(0, rtp.Length);
            rtp.CopyTo(copy);
            long nowUs = _time.Microseconds();
            _numbering.Rewrite(copy, nowUs);
            WriteFrame(nowUs, Span<byte>.Empty, copy);
        }
    }

    /// <summary>Saves a data channel message (data recordings), stamped with the real time it is written.</summary>
    public void SaveData(ReadOnlySpan<byte> message)
    {
        if (Kind != RecordingKind.Data || message.IsEmpty || message.Length > ushort.MaxValue - 8)
        {
            return;
        }
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            Span<byte> when = stackalloc byte[8];
            long nowUs = _time.Microseconds();
            WriteFrame(nowUs, when, message);
        }
    }

    /// <summary>Flushes and closes the file (and drops the temporary extension); later packets are ignored.</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _closed = true;
            try
            {
                _file.Dispose();
            }
            catch (IOException e)
            {
                // A full disk at the last flush: what was written stays.
                JanusLog.Error($"Error closing the recording {FilePath}: {e.Message}");
            }
            if (_finalPath is not null)
            {
                try
                {
                    File.Move(FilePath, _finalPath, overwrite: true);
                    FilePath = _finalPath;
                    JanusLog.Info($"Recording renamed: {_finalPath}");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    JanusLog.Error($"Error renaming {FilePath} to {_finalPath}: {e.Message}");
                }
            }
        }
    }

    public void Dispose() => Close();

    // Called under _gate. A data frame passes its 8-byte time slot as `prefix`, filled here once the header is out.
    private void WriteFrame(long nowUs, Span<byte> prefix, ReadOnlySpan<byte> payload)
    {
        try
        {
            if (!_headerWritten)
            {
                WriteHeader();
                _firstFrameUs = nowUs;
            }
            if (!prefix.IsEmpty)
            {
                BinaryPrimitives.WriteInt64BigEndian(prefix, _time.UnixMicroseconds());
            }
            Span<byte> header = stackalloc byte[10];
            FrameTag.CopyTo(header);
            BinaryPrimitives.WriteUInt32BigEndian(header.Slice(4), (uint)(Math.Max(0, nowUs - _firstFrameUs) / 1000));
            BinaryPrimitives.WriteUInt16BigEndian(header.Slice(8), (ushort)(prefix.Length + payload.Length));
            _file.Write(header);
            _file.Write(prefix);
            _file.Write(payload);
            Frames++;
        }
        catch (IOException e)
        {
            // A full or vanished disk: stop recording rather than fail the packet path.
            JanusLog.Error($"Error saving frame to {FilePath}: {e.Message}");
            _closed = true;
        }
    }

    private void WriteHeader()
    {
        byte[] info = MjrInfo.Build(Kind, Codec, Fmtp, _createdUs, _time.UnixMicroseconds(), _encrypted);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)info.Length);
        _file.Write(length);
        _file.Write(info);
        _headerWritten = true;
    }

    private static void EnsureFolder(string? folder)
    {
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }
        if (File.Exists(folder))
        {
            throw new RecordingException($"Not a directory? {folder}");
        }
        if (Directory.Exists(folder))
        {
            return;
        }
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new RecordingException($"mkdir ({folder}) error: {e.Message}", e);
        }
    }

}
