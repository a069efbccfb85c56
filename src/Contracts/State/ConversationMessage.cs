using Handoff.Contracts.Privacy;

namespace Handoff.Contracts.State;

/// <summary>One message of a conversation's history: who said it (<see cref="ConversationRoles"/>), what, and when.</summary>
public sealed record ConversationMessage(string Role, [property: UserContent] string Text, DateTimeOffset At);

public static class ConversationRoles
{
    public const string User = "user";

    public const string Assistant = "assistant";
}
