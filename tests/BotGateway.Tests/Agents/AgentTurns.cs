using System.Text.Json;
using Handoff.BotGateway.Agents;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Tests.Agents;

internal static class AgentTurns
{
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    public static ActiveTask Task(int stepIndex = 1, string? payload = """{"ticket":"INC-4711","priority":2}""") => new(
        new HandoffContext(
            "help me write the status update for the Contoso launch",
            "continueInChat",
            new TaskItem("weekly-status", "Weekly status update", "A short status update for your manager.",
                ["Gather what you finished", "Note what is blocked", "Send it"]),
            "user-1", "tenant-1", "en-GB", Now, Now.AddMinutes(10),
            payload is null ? null : JsonDocument.Parse(payload).RootElement.Clone()),
        stepIndex, Now);

    public static AgentTurn Turn(string text, ActiveTask? task = null, params ConversationMessage[] history) =>
        new("a:conversation", text, task, history, "en-GB", IsPersonalChat: true);

    public static async Task<List<string>> ReadAllAsync(IAsyncEnumerable<string> pieces)
    {
        var all = new List<string>();
        await foreach (var piece in pieces)
        {
            all.Add(piece);
        }

        return all;
    }
}
