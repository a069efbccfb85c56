using Handoff.BotGateway.Localization;
using System.Runtime.CompilerServices;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.Contracts.Clients;

namespace Handoff.BotGateway.Agents.GuidedSteps;

/// <summary>
/// The default agent, offline: walks the handed-off task's steps. <c>next</c> (or another of <see cref="ChatCommands.Next"/>)
/// moves on, anything else says where we are. Used when no <c>chat</c> connection string is set and no team registered an agent of its own.
/// </summary>
public sealed class GuidedStepsAgent(ConversationStateClient state) : IConversationAgent
{
    public static string NoTask(ReplyLanguage language) => language.Format(Reply.NoTask, language.Text(Reply.ContinueInChat));

    public bool IsGenerative => false;

    public async IAsyncEnumerable<string> AnswerAsync(AgentTurn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var language = ReplyLanguage.For(turn.Locale);
        if (turn.Task is not { } task)
        {
            yield return NoTask(language);
            yield break;
        }

        if (ChatCommands.Next.Contains(TurnText.Normalize(turn.Text)) && !task.IsFinished)
        {
            var advanced = await state.AdvanceAsync(turn.ConversationId, task.StepIndex, cancellationToken);
            yield return advanced?.ActiveTask is { } moved ? HandoffMessages.NextStep(moved, language) : NoTask(language);
            yield break;
        }

        var context = task.Context;
        var workingOn = string.IsNullOrWhiteSpace(context.RequestText)
            ? language.Format(Reply.WorkingOn, context.Item.Title)
            : language.Format(Reply.WorkingOnRequest, context.Item.Title, context.RequestText);
        yield return $"{workingOn}\n\n{HandoffMessages.NextStep(task, language)}";
    }
}
