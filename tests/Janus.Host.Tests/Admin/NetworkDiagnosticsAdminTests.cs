using System.Net;
using System.Text.Json.Nodes;
using Janus.Host.Tests.Infrastructure;

namespace Janus.Host.Tests.Admin;

/// <summary>Janus's resolve_address and test_stun Admin requests, against a media core double.</summary>
public sealed class NetworkDiagnosticsAdminTests : IAsyncLifetime
{
    private readonly RecordingMediaEngine _media = new();
    private JanusServer _server = null!;
    private JanusHttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _media.Names["stun.example.test"] = IPAddress.Parse("192.0.2.10");
        _media.StunServer = (3478, new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40000));
        (_server, _) = await TestServer.StartAsync(media: _media);
        _admin = new JanusHttpClient(_server.AdminHttpPort);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<JsonObject> Admin(JsonObject request)
    {
        request["transaction"] = "t";
        request["admin_secret"] = "janusoverlord";
        return (await _admin.PostAsync("/admin", request)).AsObject();
    }

    [Fact]
    public async Task A_name_that_resolves_gives_its_address_and_the_time_it_took()
    {
        JsonObject reply = await Admin(new JsonObject { ["janus"] = "resolve_address", ["address"] = "stun.example.test" });
        Assert.Equal("success", reply["janus"]!.GetValue<string>());
        Assert.Equal("192.0.2.10", reply["ip"]!.GetValue<string>());
        Assert.True(reply["elapsed"]!.GetValue<long>() >= 0);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_is_error_490()
    {
        JsonObject reply = await Admin(new JsonObject { ["janus"] = "resolve_address", ["address"] = "nowhere.test" });
        Assert.Equal(490, reply["error"]!["code"]!.GetValue<int>());
        Assert.Equal("Could not resolve address", reply["error"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stun_server_that_answers_gives_our_public_address()
    {
        JsonObject reply = await Admin(new JsonObject { ["janus"] = "test_stun", ["address"] = "stun.example.test", ["port"] = 3478, ["localport"] = 5000 });
        Assert.Equal("success", reply["janus"]!.GetValue<string>());
        Assert.Equal("198.51.100.7", reply["public_ip"]!.GetValue<string>());
        Assert.Equal(40000, reply["public_port"]!.GetValue<int>());
        Assert.Contains("stun 192.0.2.10:3478 from 5000", _media.Calls);
    }

    [Fact]
    public async Task A_stun_server_that_does_not_answer_is_error_490()
    {
        JsonObject reply = await Admin(new JsonObject { ["janus"] = "test_stun", ["address"] = "stun.example.test", ["port"] = 3479 });
        Assert.Equal(490, reply["error"]!["code"]!.GetValue<int>());
        Assert.Equal("STUN request failed", reply["error"]!["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"janus\":\"test_stun\",\"port\":3478}", 456)]
    [InlineData("{\"janus\":\"test_stun\",\"address\":\"stun.example.test\"}", 456)]
    [InlineData("{\"janus\":\"test_stun\",\"address\":\"stun.example.test\",\"port\":-1}", 467)]
    [InlineData("{\"janus\":\"test_stun\",\"address\":\"stun.example.test\",\"port\":\"3478\"}", 467)]
    [InlineData("{\"janus\":\"test_stun\",\"address\":\"stun.example.test\",\"port\":70000}", 467)]
    [InlineData("{\"janus\":\"resolve_address\"}", 456)]
    [InlineData("{\"janus\":\"resolve_address\",\"address\":5}", 467)]
    public async Task Missing_or_mistyped_fields_get_janus_errors(string json, int code)
    {
        JsonObject reply = await Admin(JsonNode.Parse(json)!.AsObject());
        Assert.Equal(code, reply["error"]!["code"]!.GetValue<int>());
    }
}
