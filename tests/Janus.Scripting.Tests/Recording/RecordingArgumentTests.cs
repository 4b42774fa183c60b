using System.Text.Json.Nodes;
using Janus.Core.Plugins;
using Janus.Media.Recording;
using Janus.Media.Relay;
using Janus.Scripting.Hosting;
using Janus.Scripting.Tests.Infrastructure;

namespace Janus.Scripting.Tests.Recording;

/// <summary>startRecording/stopRecording take their arguments as Janus's Lua and Duktape plugins do.</summary>
public sealed class RecordingArgumentTests : IAsyncLifetime
{
    // Calls startRecording (or stopRecording) with the request's argument list; "nil" stands for a nil argument.
    private const string Script = """
        function getPackage() return "janus.plugin.reclua" end
        function getName() return "Recording arguments" end
        function getVersion() return 1 end
        function getVersionString() return "1" end
        function getDescription() return "test" end
        function getAuthor() return "tests" end
        function init(config) end
        function destroy() end
        function createSession(id) end
        function destroySession(id) end
        function querySession(id) return "{}" end
        function setupMedia(id) end
        function hangupMedia(id) end
        function resumeScheduler() end
        function handleMessage(id, tx, msg, jsep)
          local m = json.decode(msg)
          local args, n = {}, 0
          for i, v in ipairs(m.args) do
            n = i
            if v ~= "nil" then args[i] = v end
          end
          local target = m.id or id
          local call = m.stop and stopRecording or startRecording
          return 0, json.encode({ result = call(target, table.unpack(args, 1, n)) })
        end
        """;

    private ScriptFixture _fixture = null!;
    private PluginHandle _handle = null!;
    private string _folder = null!;

    private RelayNode Node => ScriptFixture.NodeOf(_handle);
    private MediaRecorders Recorders => Node.Recorders;

    public async Task InitializeAsync()
    {
        _fixture = await ScriptFixture.StartAsync("recording.lua", Script);
        _handle = await _fixture.AttachAsync();
        _folder = Path.Combine(_fixture.Folder, "recordings");
    }

    public async Task DisposeAsync()
    {
        Recorders.StopAll();
        await _fixture.DisposeAsync();
    }

    private async Task<int> StartAsync(params string[] args) => await CallAsync(args);

    private async Task<int> StopAsync(params string[] args) => await CallAsync(args, stop: true);

    private async Task<int> CallAsync(string[] args, bool stop = false, long? id = null, JsonObject? jsep = null)
    {
        var body = new JsonObject { ["args"] = new JsonArray(args.Select(a => (JsonNode?)a).ToArray()) };
        if (stop)
        {
            body["stop"] = true;
        }
        if (id is long other)
        {
            body["id"] = other;
        }
        PluginResult result = await _fixture.Proxy.HandleMessageAsync(_handle, "tx", body, jsep);
        Assert.True(result.Kind == PluginResultKind.Ok, $"{result.Kind}: {result.Text}");
        return result.Content!["result"]!.GetValue<int>();
    }

    private string[] Files() => Directory.Exists(_folder) ? Directory.GetFiles(_folder).Select(f => Path.GetFileName(f)).Order().ToArray() : [];

    [Fact]
    public async Task Five_nine_and_thirteen_arguments_start_one_two_and_three_recordings()
    {
        Assert.Equal(0, await StartAsync("audio", "opus", _folder, "one"));
        Assert.Equal(Path.Combine(_folder, "one.mjr"), Recorders.Audio!.FilePath);
        Recorders.StopAll();

        Assert.Equal(0, await StartAsync("audio", "opus", _folder, "two-a", "video", "vp8", _folder, "two-v"));
        Assert.Equal(("opus", "vp8"), (Recorders.Audio!.Codec, Recorders.Video!.Codec));
        Recorders.StopAll();

        Assert.Equal(0, await StartAsync("audio", "pcmu", _folder, "three-a", "video", "h264", _folder, "three-v", "data", "text", _folder, "three-d"));
        Assert.Equal(RecordingKind.Data, Recorders.Data!.Kind);
        Assert.Equal(["one.mjr", "three-a.mjr", "three-d.mjr", "three-v.mjr", "two-a.mjr", "two-v.mjr"], Files());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(13)]
    public async Task Other_argument_counts_are_refused_without_a_file(int count)
    {
        string[] args = Enumerable.Range(0, count).Select(i => (i % 4) switch { 0 => "audio", 1 => "opus", 2 => _folder, _ => "x" + i }).ToArray();
        Assert.Equal(-1, await StartAsync(args));
        Assert.False(Recorders.Active);
        Assert.Empty(Files());
    }

    [Fact]
    public async Task A_codec_may_carry_its_fmtp_and_video_asks_for_a_keyframe()
    {
        Assert.Equal(0, await StartAsync("video", "vp9/fmtp=profile-id=2", _folder, "svc"));
        Assert.Equal(("vp9", "profile-id=2"), (Recorders.Video!.Codec, Recorders.Video.Fmtp));
        Assert.Contains(_handle, _fixture.Gateway.Plis);
    }

    [Fact]
    public async Task Without_a_folder_the_filename_carries_it()
    {
        Assert.Equal(0, await StartAsync("audio", "opus", "nil", Path.Combine(_folder, "nested", "call")));
        Assert.Equal(Path.Combine(_folder, "nested", "call.mjr"), Recorders.Audio!.FilePath);
    }

    [Fact]
    public async Task A_group_with_a_nil_type_or_codec_is_skipped_and_only_skipped_groups_fail()
    {
        Assert.Equal(0, await StartAsync("nil", "opus", _folder, "a", "data", "text", _folder, "d"));
        Assert.Null(Recorders.Audio);
        Assert.NotNull(Recorders.Data);
        Recorders.StopAll();
        Assert.Equal(-1, await StartAsync("audio", "nil", _folder, "a"));
        Assert.Equal(["d.mjr"], Files());
    }

    [Theory]
    [InlineData("audio", "speex")]   // a codec Janus's recorder does not know
    [InlineData("audio", "vp8")]     // a codec of another medium
    [InlineData("screen", "vp8")]    // an unknown type
    public async Task One_bad_group_fails_the_call_and_leaves_no_file(string type, string codec)
    {
        Assert.Equal(-1, await StartAsync("data", "text", _folder, "good", type, codec, _folder, "bad"));
        Assert.False(Recorders.Active);
        Assert.Empty(Files());
    }

    [Fact]
    public async Task A_folder_that_cannot_be_used_fails_the_call()
    {
        Directory.CreateDirectory(_folder);
        string file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "");
        Assert.Equal(-1, await StartAsync("audio", "opus", file, "x"));
        Assert.Equal(-1, await StartAsync("audio", "opus", Path.Combine(file, "below"), "x"));
        Assert.False(Recorders.Active);
        Assert.Equal(["a-file"], Files());
    }

    [Fact]
    public async Task A_medium_already_recorded_is_skipped_and_the_running_recording_kept()
    {
        Assert.Equal(0, await StartAsync("audio", "opus", _folder, "first"));
        MjrRecorder first = Recorders.Audio!;
        Assert.Equal(-1, await StartAsync("audio", "opus", _folder, "second"));
        Assert.Equal(0, await StartAsync("audio", "opus", _folder, "third", "data", "text", _folder, "chat"));
        Assert.Same(first, Recorders.Audio);
        Assert.NotNull(Recorders.Data);
        Assert.Equal(["chat.mjr", "first.mjr"], Files());
    }

    [Fact]
    public async Task An_unknown_session_gets_minus_one()
    {
        Assert.Equal(-1, await CallAsync(["audio", "opus", _folder, "x"], id: 12345));
        Assert.Equal(-1, await CallAsync(["audio"], stop: true, id: 12345));
        Assert.Empty(Files());
    }

    [Fact]
    public async Task StopRecording_takes_one_to_three_types_and_stops_only_those()
    {
        Assert.Equal(0, await StartAsync("audio", "opus", _folder, "a", "video", "vp8", _folder, "v", "data", "text", _folder, "d"));
        MjrRecorder audio = Recorders.Audio!, video = Recorders.Video!;
        Assert.Equal(-1, await StopAsync());
        Assert.Equal(-1, await StopAsync("audio", "video", "data", "audio"));
        Assert.True(Recorders.Audio is not null && Recorders.Video is not null && Recorders.Data is not null);

        Assert.Equal(0, await StopAsync("audio", "video"));
        Assert.True(audio.IsClosed && video.IsClosed);
        Assert.Null(Recorders.Audio);
        Assert.NotNull(Recorders.Data);
        Assert.Equal(0, await StopAsync("screen"));
        Assert.NotNull(Recorders.Data);
        Assert.Equal(0, await StopAsync("data"));
        Assert.False(Recorders.Active);
    }

    [Fact]
    public async Task End_to_end_encrypted_media_is_recorded_as_encrypted_until_hangup()
    {
        var e2ee = new JsonObject { ["type"] = "offer", ["sdp"] = "v=0\r\n", ["e2ee"] = true };
        Assert.Equal(0, await CallAsync(["audio", "opus", _folder, "a", "data", "text", _folder, "d"], jsep: e2ee));
        Assert.True(Recorders.Audio!.Encrypted);
        Assert.False(Recorders.Data!.Encrypted);

        _fixture.Hangup(_handle);
        Assert.False(Recorders.Active);
        Assert.Equal(0, await StartAsync("audio", "opus", _folder, "after"));
        Assert.False(Recorders.Audio!.Encrypted);
    }
}
