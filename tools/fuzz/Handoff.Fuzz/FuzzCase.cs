using System.Text.Json;
using System.Text.Json.Serialization;

namespace Handoff.Fuzz;

/// <summary>How a case's bytes reach the gateway.</summary>
public enum Framing
{
    /// <summary>An ordinary HTTP/1.1 request with an accurate Content-Length.</summary>
    Normal,

    /// <summary>Content-Length promises more than is sent, then the client stops sending.</summary>
    ShortContentLength,

    /// <summary>Content-Length far beyond the body limit, with a small body.</summary>
    HugeContentLength,

    /// <summary>Chunked transfer encoding whose last chunk is cut off.</summary>
    TruncatedChunked,

    /// <summary>Chunked transfer encoding with a chunk size that is not hexadecimal.</summary>
    BadChunkSize,

    /// <summary>Both Content-Length and Transfer-Encoding: chunked (request smuggling shape).</summary>
    LengthAndChunked,
}

/// <summary>
/// One request the fuzzer sends: which seed, which mutations, the content type (null: no header), the
/// body bytes (base64 in the saved JSON) and how they are framed. Saved so a finding replays byte for byte.
/// </summary>
public sealed record FuzzCase(
    string Seed,
    IReadOnlyList<string> Mutations,
    string Method,
    string? ContentType,
    byte[] Body,
    Framing Framing = Framing.Normal)
{
    public const string ServiceUrlPlaceholder = "{{serviceUrl}}";

    public string Describe() => $"{Seed} [{string.Join(", ", Mutations)}] {Method} {ContentType ?? "(no content type)"} {Body.Length} bytes {Framing}";

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>The body with the recording connector's address where the saved case has the placeholder.</summary>
    public byte[] BodyFor(Uri serviceUrl) =>
        Replace(Body, System.Text.Encoding.UTF8.GetBytes(ServiceUrlPlaceholder), System.Text.Encoding.UTF8.GetBytes(serviceUrl.AbsoluteUri));

    /// <summary>The same case with the connector's address put back to the placeholder, for saving.</summary>
    public FuzzCase WithPlaceholder(Uri serviceUrl) => this with
    {
        Body = Replace(Body, System.Text.Encoding.UTF8.GetBytes(serviceUrl.AbsoluteUri), System.Text.Encoding.UTF8.GetBytes(ServiceUrlPlaceholder)),
    };

    public static FuzzCase Load(string path) =>
        JsonSerializer.Deserialize<FuzzCase>(File.ReadAllBytes(path), Json) ?? throw new InvalidDataException($"{path} is not a fuzz case.");

    public void Save(string path) => File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(this, Json));

    internal static byte[] Replace(byte[] source, byte[] find, byte[] replacement)
    {
        var at = source.AsSpan().IndexOf(find);
        if (at < 0)
        {
            return source;
        }

        var output = new List<byte>(source.Length + replacement.Length);
        var rest = source.AsSpan();
        while ((at = rest.IndexOf(find)) >= 0)
        {
            output.AddRange(rest[..at]);
            output.AddRange(replacement);
            rest = rest[(at + find.Length)..];
        }

        output.AddRange(rest);
        return [.. output];
    }
}
