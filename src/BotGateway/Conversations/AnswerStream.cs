using Handoff.BotGateway.Localization;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.Contracts.Events;

namespace Handoff.BotGateway.Conversations;

/// <summary>
/// Writes an agent's answer to Teams. A generated answer in a personal chat streams (Teams' streaming protocol): an
/// informative <c>typing</c> update first, whose id is the stream's, then <c>typing</c> updates with the text so far, at
/// most one per <see cref="UpdateEvery"/>, then the final <c>message</c>. Elsewhere (group chats and channels, where Teams
/// does not stream, and answers that are not generated) the answer is one message at the end. A generated answer carries
/// the AI-generated label and Teams' feedback buttons.
/// </summary>
public sealed class AnswerStream(BotConnectorClient connector, TimeProvider time)
{
    /// <summary>Teams takes about one streaming update a second; more are refused with 429.</summary>
    public static readonly TimeSpan UpdateEvery = TimeSpan.FromSeconds(1);

    /// <summary>The answer as it was sent, and whether it failed part-way (the failure is then its last paragraph).</summary>
    public sealed record Written(string Text, string GeneratedText, Exception? Failure);

    /// <param name="failureText">The user's message for a failure of the agent (not of the connector), given whether text was already shown; null rethrows it.</param>
    /// <param name="beforeFinal">Called with the answer's text just before the final message goes: what records it in the
    /// history, so a user who answers at once finds it there.</param>
    public async Task<Written> WriteAsync(ConversationTurnReceived turn, IAsyncEnumerable<string> pieces, bool generative,
        Func<Exception, bool, string?> failureText, CancellationToken cancellationToken, Func<string, Task>? beforeFinal = null)
    {
        var language = ReplyLanguage.For(turn.Locale);
        var text = new StringBuilder();
        string? streamId = null;
        var sequence = 0;
        var lastUpdate = time.GetTimestamp();
        if (generative && turn.IsPersonalChat)
        {
            streamId = await connector.SendAsync(turn.Conversation,
                new OutgoingActivity("typing", language.Text(Reply.WorkingOnIt)) { Entities = [StreamInfo("informative", null, ++sequence)] }, cancellationToken);
            lastUpdate = time.GetTimestamp();
        }

        Exception? failure = null;
        var streamedLength = 0;
        await using (var answer = pieces.GetAsyncEnumerator(cancellationToken))
        {
            while (true)
            {
                try
                {
                    if (!await answer.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (Exception exception)
                {
                    // The agent's failure, its timeout included (it runs on the turn's budget): the user is told, below.
                    failure = exception;
                    break;
                }

                text.Append(answer.Current);
                if (streamId is not null && text.Length > streamedLength && time.GetElapsedTime(lastUpdate) >= UpdateEvery)
                {
                    // Each update holds all the text so far: Teams refuses one that does not start with the last.
                    await connector.SendAsync(turn.Conversation,
                        new OutgoingActivity("typing", text.ToString()) { Entities = [StreamInfo("streaming", streamId, ++sequence)] }, cancellationToken);
                    streamedLength = text.Length;
                    lastUpdate = time.GetTimestamp();
                }
            }
        }

        var generated = text.ToString();
        var final = generated;
        if (failure is not null)
        {
            var told = failureText(failure, generated.Length > 0);
            if (told is null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            final = generated.Length > 0 ? $"{generated}\n\n{told}" : told;
        }
        else if (final.Trim().Length == 0)
        {
            final = language.Text(Reply.NoAnswer);
        }

        var labelled = generative && generated.Trim().Length > 0;
        var message = new OutgoingActivity("message", final)
        {
            Entities = [.. streamId is null ? [] : new[] { StreamInfo("final", streamId, null) }, .. labelled ? new[] { AiGenerated() } : []],
            ChannelData = labelled ? new JsonObject { ["feedbackLoopEnabled"] = true } : null,
            // A model is asked to answer in the user's language, whichever it is; the gateway's own texts are in one it has.
            Locale = labelled ? ReplyLanguage.WellFormed(turn.Locale) : language.Locale,
        };
        if (beforeFinal is not null)
        {
            await beforeFinal(final);
        }

        if (streamId is null)
        {
            await SendAsync(turn, message, cancellationToken);
        }
        else
        {
            await connector.SendAsync(turn.Conversation, message, cancellationToken);
        }

        return new Written(final, generated, failure);
    }

    /// <summary>Sends one activity in reply to the user's message (to the conversation when Teams gave the message no id).</summary>
    public Task SendAsync(ConversationTurnReceived turn, OutgoingActivity activity, CancellationToken cancellationToken) =>
        turn.HasChannelActivityId
            ? connector.ReplyAsync(turn.Conversation, turn.ActivityId, activity, cancellationToken)
            : connector.SendAsync(turn.Conversation, activity, cancellationToken);

    /// <summary>Sends a fixed answer (a command's, a refusal): one message, in reply to the user's.</summary>
    public Task WriteAsync(ConversationTurnReceived turn, string text, CancellationToken cancellationToken) =>
        WriteAsync(turn, One(text), generative: false, (_, _) => null, cancellationToken);

    private static async IAsyncEnumerable<string> One(string text)
    {
        await Task.CompletedTask;
        yield return text;
    }

    private static JsonObject StreamInfo(string streamType, string? streamId, int? sequence)
    {
        var entity = new JsonObject { ["type"] = "streaminfo", ["streamType"] = streamType };
        if (streamId is not null)
        {
            entity["streamId"] = streamId;
        }

        if (sequence is { } n)
        {
            entity["streamSequence"] = n;
        }

        return entity;
    }

    // Teams' "AI generated" label (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/bot-messages-ai-generated-content).
    private static JsonObject AiGenerated() => new()
    {
        ["type"] = "https://schema.org/Message",
        ["@type"] = "Message",
        ["@context"] = "https://schema.org",
        ["@id"] = "",
        ["additionalType"] = new JsonArray("AIGeneratedContent"),
    };
}
