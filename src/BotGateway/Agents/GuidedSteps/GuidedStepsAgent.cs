using System.Runtime.CompilerServices;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.Contracts.Clients;

namespace Handoff.BotGateway.Agents.GuidedSteps;

/// <summary>
/// The default agent, offline: walks the handed-off task's steps. <c>next</c> (or done, continue) moves on, anything
/// else says where we are. Used when no <c>chat</c> connection string is set and no team registered an agent of its own.
/// </summary>
public sealed class GuidedStepsAgent(ConversationStateClient state) : IConversationAgent
{
    public const string NoTask =
        "I don't have a task for this chat yet. In Microsoft 365 Copilot, ask for what you need, pick a result and choose **Continue in chat**: I'll pick it up here.";

    public static readonly IReadOnlyList<string> NextWords = ["next", "done", "continue"];

    public bool IsGenerative => false;

    public async IAsyncEnumerable<string> AnswerAsync(AgentTurn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (turn.Task is not { } task)
        {
            yield return NoTask;
            yield break;
        }

        if (NextWords.Contains(TurnText.Normalize(turn.Text)) && !task.IsFinished)
        {
            var advanced = await state.AdvanceAsync(turn.ConversationId, task.StepIndex, cancellationToken);
            yield return advanced?.ActiveTask is { } moved ? HandoffMessages.NextStep(moved) : NoTask;
            yield break;
        }

        var context = task.Context;
        var origin = string.IsNullOrWhiteSpace(context.RequestText) ? "" : $" (from your Copilot request '{context.RequestText}')";
        yield return $"We're working on **{context.Item.Title}**{origin}.\n\n{HandoffMessages.NextStep(task)}";
    }
}
