using System.ClientModel;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Agents.ChatModel;

/// <summary>
/// Answers with the configured chat model (<c>ConnectionStrings:chat</c>), in the context handed off from Copilot
/// (<see cref="ChatInstructions"/>), streaming its text as it comes. A call that times out before its first piece
/// (<see cref="ChatModelOptions.AttemptTimeout"/>), or fails with 429 or 5xx, is tried again with backoff, up to
/// <see cref="ChatModelOptions.Attempts"/>; once text has reached the user it is not, since it would repeat itself.
/// What still fails is an <see cref="AgentUnavailableException"/>.
/// </summary>
public sealed class ChatModelAgent(IChatClient chat, IOptions<ChatModelOptions> options, TimeProvider time, ILogger<ChatModelAgent> logger)
    : IConversationAgent
{
    public bool IsGenerative => true;

    public async IAsyncEnumerable<string> AnswerAsync(AgentTurn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var messages = ChatInstructions.Messages(turn);
        for (var attempt = 1; ; attempt++)
        {
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(settings.AttemptTimeout);
            var stream = chat.GetStreamingResponseAsync(messages, null, attemptTimeout.Token).GetAsyncEnumerator(attemptTimeout.Token);
            var streamed = false;
            Exception? retryable = null;
            try
            {
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await stream.MoveNextAsync();
                    }
                    catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        var reason = ReasonFor(exception, attemptTimeout.IsCancellationRequested);
                        if (streamed || attempt >= settings.Attempts || reason is null)
                        {
                            throw new AgentUnavailableException(reason ?? AgentUnavailableException.Error,
                                $"The chat model failed on attempt {attempt} of {settings.Attempts}{(streamed ? ", after it had started answering" : "")}: {exception.Message}", exception);
                        }

                        retryable = exception;
                        break;
                    }

                    if (!more)
                    {
                        yield break;
                    }

                    if (stream.Current.Text is { Length: > 0 } piece)
                    {
                        if (!streamed)
                        {
                            // The model is answering: from now on only the turn's own timeout bounds it.
                            streamed = true;
                            attemptTimeout.CancelAfter(Timeout.InfiniteTimeSpan);
                        }

                        yield return piece;
                    }
                }
            }
            finally
            {
                await stream.DisposeAsync();
            }

            var backoff = Backoff(settings, attempt, retryable);
            ChatModelLog.Retrying(logger, attempt, settings.Attempts, backoff.TotalMilliseconds, retryable.Message);
            await Task.Delay(backoff, time, cancellationToken);
        }
    }

    /// <returns>The metric tag of a failure worth trying again (<c>timeout</c>, <c>busy</c>, <c>error</c>); null for one that is not.</returns>
    internal static string? ReasonFor(Exception exception, bool attemptTimedOut)
    {
        if (attemptTimedOut && exception is OperationCanceledException)
        {
            return AgentUnavailableException.Timeout;
        }

        var status = exception switch
        {
            ClientResultException result => result.Status,
            HttpRequestException { StatusCode: { } code } => (int)code,
            HttpRequestException => 0,
            TimeoutException => 0,
            _ => -1,
        };
        return status switch
        {
            (int)HttpStatusCode.TooManyRequests => AgentUnavailableException.Busy,
            0 or (int)HttpStatusCode.RequestTimeout or >= 500 => AgentUnavailableException.Error,
            _ => null,
        };
    }

    private static TimeSpan Backoff(ChatModelOptions settings, int attempt, Exception failure)
    {
        var exponential = settings.FirstBackoff * Math.Pow(2, attempt - 1) * (0.8 + Random.Shared.NextDouble() * 0.4);
        var retryAfter = failure is ClientResultException result && result.GetRawResponse()?.Headers.TryGetValue("Retry-After", out var value) == true
                         && int.TryParse(value, out var seconds) ? TimeSpan.FromSeconds(Math.Min(seconds, 30)) : TimeSpan.Zero;
        return retryAfter > exponential ? retryAfter : exponential;
    }
}
