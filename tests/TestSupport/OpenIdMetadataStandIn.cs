using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace Handoff.TestSupport;

/// <summary>
/// Stands in for the Bot Framework and Entra OpenID metadata endpoints on loopback: an issuer, a JWKS of our
/// own RSA keys with Bot Framework's per-key <c>endorsements</c>, and a count of fetches.
/// </summary>
public sealed class OpenIdMetadataStandIn : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private List<SigningKey> _keys = [];
    private WebApplication _app = null!;
    private int _keyFetches;

    public Uri BaseAddress { get; private set; } = null!;

    public int KeyFetches => Volatile.Read(ref _keyFetches);

    /// <summary>The metadata URL of a family, e.g. <c>bf</c>, or <c>{tenant}</c> for the Entra template.</summary>
    public string MetadataUrl(string family) => new Uri(BaseAddress, $"{family}/.well-known/openid-configuration").AbsoluteUri;

    public static async Task<OpenIdMetadataStandIn> StartAsync()
    {
        var standIn = new OpenIdMetadataStandIn();
        (standIn._app, standIn.BaseAddress) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/{family}/.well-known/openid-configuration", (string family) => Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = family,
                ["jwks_uri"] = new Uri(standIn.BaseAddress, $"{family}/keys").AbsoluteUri,
            }));
            app.MapGet("/{family}/keys", (string family) =>
            {
                Interlocked.Increment(ref standIn._keyFetches);
                List<SigningKey> keys;
                lock (standIn._lock)
                {
                    keys = [.. standIn._keys];
                }

                return Results.Json(new { keys = keys.Select(key => key.ToJwk()).ToArray() });
            });
        });
        return standIn;
    }

    public SigningKey AddKey(params string[] endorsements)
    {
        var key = new SigningKey($"kid-{Guid.NewGuid():N}", RSA.Create(2048), endorsements);
        lock (_lock)
        {
            _keys.Add(key);
        }

        return key;
    }

    public void ReplaceKeys(params SigningKey[] keys)
    {
        lock (_lock)
        {
            _keys = [.. keys];
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record SigningKey(string Kid, RSA Rsa, string[] Endorsements)
{
    public RsaSecurityKey SecurityKey => new(Rsa) { KeyId = Kid };

    public Dictionary<string, object> ToJwk()
    {
        var parameters = Rsa.ExportParameters(includePrivateParameters: false);
        return new Dictionary<string, object>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = Kid,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            ["endorsements"] = Endorsements,
        };
    }
}
