using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Handoff.TestSupport;

/// <summary>
/// Stands in for Entra's token endpoint (<c>/{tenant}/oauth2/v2.0/token</c>) over https on loopback, with a
/// self-signed certificate that only the HttpClient handler from <see cref="TrustingHandler"/> accepts.
/// </summary>
public sealed class TokenEndpointStandIn : IAsyncDisposable
{
    private readonly X509Certificate2 _certificate;
    private WebApplication _app = null!;
    private int _issued;

    private TokenEndpointStandIn(X509Certificate2 certificate) => _certificate = certificate;

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Requests { get; } = new();

    public int Issued => Volatile.Read(ref _issued);

    public static async Task<TokenEndpointStandIn> StartAsync()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        var standIn = new TokenEndpointStandIn(certificate);
        (standIn._app, standIn.BaseAddress) = await LoopbackServer.StartAsync(app =>
            app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpRequest http) =>
            {
                var form = await http.ReadFormAsync();
                standIn.Requests.Enqueue(form.ToDictionary(field => field.Key, field => field.Value.ToString()));
                var number = Interlocked.Increment(ref standIn._issued);
                return Results.Json(new Dictionary<string, object>
                {
                    ["token_type"] = "Bearer",
                    ["expires_in"] = 3600,
                    ["ext_expires_in"] = 3600,
                    ["access_token"] = $"connector-token-{number}",
                });
            }), certificate);
        return standIn;
    }

    public string Authority(string tenant) => new Uri(BaseAddress, tenant).AbsoluteUri;

    /// <summary>A handler that trusts this stand-in's certificate, and only it.</summary>
    public HttpMessageHandler TrustingHandler() => new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || certificate?.GetCertHashString() == _certificate.GetCertHashString(),
        },
    };

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _certificate.Dispose();
    }
}
