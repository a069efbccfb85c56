using System.Net.Http.Headers;
using Handoff.Contracts.Clients;
using Microsoft.Extensions.Options;

namespace Handoff.ServiceDefaults.StateClient;

/// <summary>Puts this service's <see cref="CallerCredential"/> on every request to ConversationState, retries included.</summary>
internal sealed class CallerKeyHandler(IOptions<StateClientOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue(CallerCredential.Scheme, options.Value.CallerKey);
        return base.SendAsync(request, cancellationToken);
    }
}
