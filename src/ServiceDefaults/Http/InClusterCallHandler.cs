using Handoff.Contracts.Clients;

namespace Handoff.ServiceDefaults.Http;

/// <summary>
/// What an in-cluster call needs and no more (docs/decisions/0020-fewer-round-trips-per-handoff.md): a
/// timeout per attempt (<see cref="AttemptTimeout"/>, or the request's own: <see cref="InClusterCallOptions.AttemptTimeout"/>,
/// ADR 0027), a refused connection tried again at once whatever the method (it never reached a server, and
/// service discovery picks the next replica), and a safe method tried again after a short pause when the server
/// failed or the attempt timed out. Anything else is the caller's to retry, as it always was: a POST that timed out
/// may have succeeded.
/// </summary>
public sealed class InClusterCallHandler : DelegatingHandler
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan SafeRetryDelay = TimeSpan.FromMilliseconds(200);
    public const int MaxAttempts = 3;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attemptTimeout = request.Options.TryGetValue(InClusterCallOptions.AttemptTimeout, out var own) ? own : AttemptTimeout;
        for (var attempt = 1; ; attempt++)
        {
            var last = attempt == MaxAttempts;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(attemptTimeout);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, timeout.Token);
            }
            catch (HttpRequestException exception) when (!last && RefusedConnection.NeverReachedServer(exception))
            {
                continue;
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                if (!last && IsSafe(request.Method))
                {
                    await Task.Delay(SafeRetryDelay, cancellationToken);
                    continue;
                }

                throw new TimeoutException($"{request.Method} {request.RequestUri?.AbsolutePath} took longer than {attemptTimeout.TotalSeconds:0} s.", exception);
            }

            if (last || !IsSafe(request.Method) || !IsTransient(response))
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(SafeRetryDelay, cancellationToken);
        }
    }

    private static bool IsSafe(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options;

    private static bool IsTransient(HttpResponseMessage response) =>
        (int)response.StatusCode >= 500 || response.StatusCode == System.Net.HttpStatusCode.RequestTimeout;
}
