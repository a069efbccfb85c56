using Handoff.Contracts.State;
using Handoff.ConversationState.Contexts;
using Handoff.ConversationState.Conversations;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Handoff.ConversationState.Tests;

internal static class StateTestData
{
    public static readonly TaskItem Item = new("status-update", "Write a status update", "Weekly update", ["Collect", "Draft", "Send"]);

    public static HandoffContextDraft Draft(string user = "aad-alice", string tenant = "tenant-1", string request = "write my status update") =>
        new(request, "continueInChat", Item, user, tenant, "en-US");

    public static HandoffContextStore Contexts(IConnectionMultiplexer redis, TimeProvider? time = null, StateOptions? options = null) =>
        new(redis, Options.Create(options ?? new StateOptions()), time ?? new FakeTimeProvider(DateTimeOffset.UtcNow));

    public static ConversationStore Conversations(IConnectionMultiplexer redis, TimeProvider? time = null) =>
        new(redis, Options.Create(new StateOptions()), time ?? new FakeTimeProvider(DateTimeOffset.UtcNow));
}
