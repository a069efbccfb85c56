using Microsoft.AspNetCore.Hosting;

namespace Handoff.TestSupport;

/// <summary>
/// The key a gateway or HandoffService host sends ConversationState (<c>ConversationState:CallerKey</c>): they refuse to
/// start without one. For hosts whose ConversationState is a stand-in, or a free port nothing answers, no one checks it.
/// </summary>
public static class StateCallerKey
{
    public const string Setting = "ConversationState:CallerKey";

    /// <summary>The same setting as an environment variable, for a host started as a process.</summary>
    public const string EnvironmentVariable = "ConversationState__CallerKey";

    public const string Unchecked = "a-caller-key-no-conversation-state-checks";

    public static IWebHostBuilder WithUncheckedStateCallerKey(this IWebHostBuilder web) => web.UseSetting(Setting, Unchecked);
}
