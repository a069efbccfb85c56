namespace Handoff.BotGateway.Agents;

/// <summary>
/// How a conversation turn is answered: the extension point a team replaces with its own agent
/// (<c>builder.Services.AddConversationAgent&lt;TAgent&gt;()</c>). The answer is one reply, written as it is produced:
/// each item is the next piece of its text, so a model's answer can stream into a personal chat.
/// </summary>
public interface IConversationAgent
{
    /// <summary>Whether a model writes the answers: they then carry Teams' AI-generated label and its feedback buttons.</summary>
    bool IsGenerative { get; }

    IAsyncEnumerable<string> AnswerAsync(AgentTurn turn, CancellationToken cancellationToken);
}
