using System.Text.Json.Nodes;
using Janus.Core.Configuration.Jcfg;

namespace Janus.Core.Tests.Configuration.Jcfg;

public sealed class JcfgJsonTests
{
    // Our own sample with every construct Janus's shipped files use: named groups (with dashes in the name),
    // strings holding autoconf placeholders, arrays of strings, a list of unnamed groups, booleans, integers,
    // and all three comment styles; plus the rest of libconfig's scalars.
    private const string Sample = """
        # A sample in Janus's style.
        general: {
            folder = "@confdir@"        # a template placeholder, inside a string
            debug_level = 4
            secret = "over" "lord"      // joined
            protected = [ "/bin", "/usr", ]
        }
        /* rooms */
        room-1234: {
            description = "Demo Room"
            is_private = false
            bitrate = 128000
            big = 10000000000L
            mask = 0xFF
            ratio = 0.5
        }
        streams: {
            media = (
                { type = "audio"; mid = "a"; port = 5002 },
                { type = "video"; mid = "v"; port = 5004; }
            )
            mixed = ( 1, "two", [ 3.5 ], () )
        }
        """;

    [Fact]
    public void GroupsBecomeObjectsCollectionsArraysAndScalarsJsonValues()
    {
        JsonObject json = JcfgDocument.Parse(Sample).ToJson();
        string expected = """
            {"general":{"folder":"@confdir@","debug_level":4,"secret":"overlord","protected":["/bin","/usr"]},
            "room-1234":{"description":"Demo Room","is_private":false,"bitrate":128000,"big":10000000000,"mask":255,"ratio":0.5},
            "streams":{"media":[{"type":"audio","mid":"a","port":5002},{"type":"video","mid":"v","port":5004}],
            "mixed":[1,"two",[3.5],[]]}}
            """.Replace("\n", "").Replace("\r", "");
        Assert.Equal(expected, json.ToJsonString());
    }

    [Fact]
    public void JsonKeepsNumberTypes()
    {
        JsonObject json = JcfgDocument.Parse("i = 1; l = 1L; f = 1.0; b = TRUE; s = \"1\";").ToJson();
        Assert.Equal(1, json["i"]!.GetValue<int>());
        Assert.Equal(1L, json["l"]!.GetValue<long>());
        Assert.Equal(1.0, json["f"]!.GetValue<double>());
        Assert.True(json["b"]!.GetValue<bool>());
        Assert.Equal("1", json["s"]!.GetValue<string>());
    }

    [Fact]
    public void JsonRoundTripsThroughTheSerializer()
    {
        JsonObject json = JcfgDocument.Parse(Sample).ToJson();
        JsonNode reparsed = JsonNode.Parse(json.ToJsonString())!;
        Assert.True(JsonNode.DeepEquals(json, reparsed));
        Assert.Equal("overlord", reparsed["general"]!["secret"]!.GetValue<string>());
        Assert.Equal(5004, reparsed["streams"]!["media"]![1]!["port"]!.GetValue<int>());
    }

    [Fact]
    public void EachCallBuildsAFreshObject()
    {
        JcfgDocument document = JcfgDocument.Parse(Sample);
        JsonObject first = document.ToJson();
        first["general"]!.AsObject().Remove("secret");
        Assert.Equal("overlord", document.ToJson()["general"]!["secret"]!.GetValue<string>());
    }
}
