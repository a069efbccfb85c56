using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Handoff.BotGateway.Tests.Agents;

/// <summary>
/// An <see cref="IChatClient"/> that answers each call with the next scripted behaviour (pieces of text, a failure, or
/// silence until cancelled), recording what it was sent. For the agent's logic only; the real clients are exercised end
/// to end against an OpenAI-compatible stand-in.
/// </summary>
internal sealed class FakeChatClient(params FakeChatClient.Call[] script) : IChatClient
{
    private readonly Queue<Call> _script = new(script);
    private readonly List<IReadOnlyList<ChatMessage>> _calls = [];

    public abstract record Call;

    public sealed record Answer(TimeSpan Gap, params string[] Pieces) : Call
    {
        public Answer(params string[] pieces) : this(TimeSpan.Zero, pieces)
        {
        }
    }

    /// <summary>Throws before any text, or after <paramref name="After"/> pieces.</summary>
    public sealed record Fail(Exception Exception, params string[] After) : Call;

    public sealed record NeverAnswer : Call;

    public IReadOnlyList<IReadOnlyList<ChatMessage>> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The agent streams.");

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Call call;
        lock (_calls)
        {
            _calls.Add([.. messages]);
            call = _script.Count > 0 ? _script.Dequeue() : new Answer("(unscripted)");
        }

        switch (call)
        {
            case Answer answer:
                foreach (var piece in answer.Pieces)
                {
                    await Task.Delay(answer.Gap, cancellationToken);
                    yield return new ChatResponseUpdate(ChatRole.Assistant, piece);
                }

                break;
            case Fail fail:
                foreach (var piece in fail.After)
                {
                    yield return new ChatResponseUpdate(ChatRole.Assistant, piece);
                }

                throw fail.Exception;
            default:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
