using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Handoff.Dashboard.Otlp;

/// <summary>Checks the <c>x-otlp-api-key</c> header against <see cref="OtlpIntakeOptions.ApiKey"/>.</summary>
internal sealed class OtlpApiKey(IOptions<OtlpIntakeOptions> options)
{
    public const string HeaderName = "x-otlp-api-key";

    // Hashes are compared rather than the keys so that neither the content nor the length of the
    // configured key shows in how long a refusal takes.
    private readonly byte[]? expectedHash = options.Value.ApiKey is { } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;

    public bool Admits(IHeaderDictionary headers)
    {
        if (expectedHash is null)
        {
            return true;
        }

        var presented = headers[HeaderName];
        return presented.Count == 1
            && presented[0] is { } value
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(value)), expectedHash);
    }
}
