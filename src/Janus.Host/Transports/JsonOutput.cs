using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Janus.Host.Transports;

/// <summary>
/// How a transport writes JSON: compact by default, or indented as Janus does when a client asks for it
/// through the Admin API's <c>query_transport</c> <c>configure</c> request.
/// </summary>
internal sealed class JsonOutput
{
    private volatile bool _indented;

    public bool Indented
    {
        get => _indented;
        set => _indented = value;
    }

    public JsonWriterOptions WriterOptions => new() { Indented = _indented, SkipValidation = true };

    public void Write(IBufferWriter<byte> destination, JsonNode message)
    {
        using var writer = new Utf8JsonWriter(destination, WriterOptions);
        message.WriteTo(writer);
    }

    /// <summary>Applies a <c>configure</c> request's <c>json</c> element: indented, plain or compact. Returns false for another value.</summary>
    public bool TryConfigure(string format)
    {
        if (format.Equals("indented", StringComparison.OrdinalIgnoreCase))
        {
            Indented = true;
            return true;
        }
        if (format.Equals("plain", StringComparison.OrdinalIgnoreCase) || format.Equals("compact", StringComparison.OrdinalIgnoreCase))
        {
            Indented = false;
            return true;
        }
        return false;
    }
}
