using Janus.Media.Recording;
using static Janus.Media.Tests.Recording.MjrFiles;

namespace Janus.Media.Tests.Recording;

/// <summary>Where recordings go and when they are refused: janus_recorder_create_full's rules, recordings_tmp_ext, protected_folders.</summary>
public sealed class RecordingFileTests : RecordingFolderTest
{
    private static readonly RecordingPolicy Plain = new();

    [Fact]
    public void A_missing_folder_is_created_with_its_parents()
    {
        string folder = Path.Combine(Folder, "a", "b");
        using var recorder = MjrRecorder.Create(folder, "opus", null, "x", Plain);
        Assert.Equal(Path.Combine(folder, "x.mjr"), recorder.FilePath);
        Assert.True(File.Exists(recorder.FilePath));
    }

    [Fact]
    public void Without_a_folder_the_filename_carries_its_own()
    {
        string name = Path.Combine(Folder, "nested", "call-video");
        using var recorder = MjrRecorder.Create(null, "vp8", null, name, Plain);
        Assert.Equal(name + ".mjr", recorder.FilePath);
        Assert.True(File.Exists(name + ".mjr"));
    }

    [Fact]
    public void Without_a_filename_the_name_is_janus_recording_and_a_random_number()
    {
        using var recorder = MjrRecorder.Create(Folder, "opus", null, null, Plain);
        Assert.Matches("^janus-recording-\\d+\\.mjr$", Path.GetFileName(recorder.FilePath));
        Assert.True(uint.TryParse(Path.GetFileName(recorder.FilePath)["janus-recording-".Length..^4], out _));
    }

    [Fact]
    public void With_a_temporary_extension_the_file_gets_its_mjr_name_only_when_closed()
    {
        var policy = new RecordingPolicy("tmp");
        var recorder = MjrRecorder.Create(Folder, "opus", null, "pending", policy);
        string final = Path.Combine(Folder, "pending.mjr");
        Assert.Equal(final + ".tmp", recorder.FilePath);
        recorder.SaveRtp(RtpOf(1, 1, 1));
        Assert.True(File.Exists(final + ".tmp"));
        Assert.False(File.Exists(final));

        recorder.Close();
        Assert.Equal(final, recorder.FilePath);
        Assert.False(File.Exists(final + ".tmp"));
        Assert.Single(Read(final).Frames);
    }

    [Fact]
    public void Unknown_or_missing_codecs_are_refused_before_any_file_is_made()
    {
        Assert.Equal("Unsupported codec 'speex'", Assert.Throws<RecordingException>(() => MjrRecorder.Create(Folder, "speex", null, "x", Plain)).Message);
        Assert.Equal("Missing codec information", Assert.Throws<RecordingException>(() => MjrRecorder.Create(Folder, "", null, "x", Plain)).Message);
        Assert.False(Directory.Exists(Folder));
    }

    [Fact]
    public void A_folder_that_is_a_file_is_refused()
    {
        Directory.CreateDirectory(Folder);
        string file = Path.Combine(Folder, "plain-file");
        File.WriteAllText(file, "");
        var e = Assert.Throws<RecordingException>(() => MjrRecorder.Create(file, "opus", null, "x", Plain));
        Assert.Equal($"Not a directory? {file}", e.Message);
    }

    [Fact]
    public void A_folder_that_cannot_be_created_is_refused()
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, "file"), "");
        string folder = Path.Combine(Folder, "file", "sub");
        var e = Assert.Throws<RecordingException>(() => MjrRecorder.Create(folder, "opus", null, "x", Plain));
        Assert.StartsWith($"mkdir ({folder}) error", e.Message);
    }

    [Fact]
    public void A_file_that_cannot_be_opened_is_refused()
    {
        // The recording's own name is taken by a folder: the file cannot be opened for writing, even as root.
        Directory.CreateDirectory(Path.Combine(Folder, "taken.mjr"));
        var e = Assert.Throws<RecordingException>(() => MjrRecorder.Create(Folder, "opus", null, "taken", Plain));
        Assert.StartsWith("fopen error", e.Message);
    }

    [Fact]
    public void Protected_folders_are_refused_by_prefix_and_through_links_and_no_folder_is_made_in_them()
    {
        string guarded = Path.Combine(Folder, "guarded");
        Directory.CreateDirectory(guarded);
        var policy = new RecordingPolicy(null, [guarded]);

        var e = Assert.Throws<RecordingException>(() => MjrRecorder.Create(Path.Combine(guarded, "new"), "opus", null, "x", policy));
        Assert.Equal($"Target recording path '{Path.Combine(guarded, "new", "x.mjr")}' is in protected folder...", e.Message);
        Assert.False(Directory.Exists(Path.Combine(guarded, "new")));
        // A plain prefix, as Janus compares: "guarded-too" starts with "guarded".
        Assert.Throws<RecordingException>(() => MjrRecorder.Create(guarded + "-too", "opus", null, "x", policy));
        string link = Path.Combine(Folder, "link");
        Directory.CreateSymbolicLink(link, guarded);
        Assert.Throws<RecordingException>(() => MjrRecorder.Create(link, "opus", null, "x", policy));
        Assert.Throws<RecordingException>(() => MjrRecorder.Create(null, "opus", null, Path.Combine(link, "y"), policy));

        using var allowed = MjrRecorder.Create(Path.Combine(Folder, "open"), "opus", null, "x", policy);
        Assert.True(File.Exists(allowed.FilePath));
    }

    // Issue 12 item 6: {"record":true,"filename":"/nonexistent-dir/x"} made that folder wherever the process could.
    [Fact]
    public void With_a_recordings_folder_a_path_outside_it_is_refused_and_no_folder_is_made()
    {
        string inside = Path.Combine(Folder, "recordings");
        string outside = Path.Combine(Folder, "elsewhere");
        var policy = new RecordingPolicy(null, [], inside);

        var e = Assert.Throws<RecordingException>(() => MjrRecorder.Create(null, "opus", null, Path.Combine(outside, "x"), policy));
        Assert.Equal($"Target recording path '{Path.Combine(outside, "x.mjr")}' is outside the recordings folder {inside} (general.recordings_folder)", e.Message);
        Assert.False(Directory.Exists(outside));
        Assert.Throws<RecordingException>(() => MjrRecorder.Create(outside, "opus", null, "x", policy));
        // ".." and a folder whose name merely starts with the recordings folder's do not get out either.
        Assert.Throws<RecordingException>(() => MjrRecorder.Create(null, "opus", null, Path.Combine(inside, "..", "elsewhere", "x"), policy));
        Assert.Throws<RecordingException>(() => MjrRecorder.Create(inside + "-too", "opus", null, "x", policy));
        Assert.False(Directory.Exists(outside));
        Assert.False(Directory.Exists(inside + "-too"));

        using var allowed = MjrRecorder.Create(null, "opus", null, Path.Combine(inside, "sub", "x"), policy);
        Assert.Equal(Path.Combine(inside, "sub", "x.mjr"), allowed.FilePath);
        Assert.True(File.Exists(allowed.FilePath));
    }

    [Fact]
    public void With_a_recordings_folder_relative_paths_are_taken_from_it()
    {
        string inside = Path.Combine(Folder, "recordings");
        var policy = new RecordingPolicy(null, [], inside);
        using var byName = MjrRecorder.Create(null, "opus", null, "call-audio", policy);
        Assert.Equal(Path.Combine(inside, "call-audio.mjr"), byName.FilePath);
        using var byFolder = MjrRecorder.Create("room", "vp8", null, "call-video", policy);
        Assert.Equal(Path.Combine(inside, "room", "call-video.mjr"), byFolder.FilePath);
        Assert.Throws<RecordingException>(() => MjrRecorder.Create("../escape", "opus", null, "x", policy));
        Assert.False(Directory.Exists(Path.Combine(Folder, "escape")));
    }

    [Fact]
    public void A_link_inside_the_recordings_folder_that_points_out_of_it_is_refused()
    {
        string inside = Path.Combine(Folder, "recordings");
        string outside = Path.Combine(Folder, "elsewhere");
        Directory.CreateDirectory(inside);
        Directory.CreateDirectory(outside);
        Directory.CreateSymbolicLink(Path.Combine(inside, "out"), outside);
        File.CreateSymbolicLink(Path.Combine(inside, "victim.mjr"), Path.Combine(outside, "victim.mjr"));
        var policy = new RecordingPolicy(null, [], inside);

        Assert.Throws<RecordingException>(() => MjrRecorder.Create(Path.Combine(inside, "out"), "opus", null, "x", policy));
        Assert.Throws<RecordingException>(() => MjrRecorder.Create(inside, "opus", null, "victim", policy));
        Assert.Empty(Directory.GetFileSystemEntries(outside));
    }

    [Theory]
    [InlineData(null, " /nonexistent-dir/x")]
    [InlineData(" /nonexistent-dir", "x")]
    [InlineData(null, "\t/nonexistent-dir/x")]
    public void A_leading_space_does_not_turn_an_absolute_path_into_a_relative_one(string? folder, string filename)
    {
        string cwd = Directory.GetCurrentDirectory();
        foreach (RecordingPolicy policy in new[] { Plain, new RecordingPolicy(null, [], Folder) })
        {
            var e = Assert.Throws<RecordingException>(() => MjrRecorder.Create(folder, "opus", null, filename, policy));
            Assert.Contains("is in protected folder", e.Message);
            Assert.False(Directory.Exists(Path.Combine(cwd, " ")));
            Assert.False(Directory.Exists(Path.Combine(Folder, " ")));
        }
    }
}
