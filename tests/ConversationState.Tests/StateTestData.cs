using Handoff.Contracts.State;
using Handoff.ConversationState.Contexts;
using System.Security.Cryptography;
using Handoff.ConversationState.Conversations;
using Handoff.ConversationState.Encryption;
using Handoff.ConversationState.Observability;
using Handoff.ConversationState.Quotas;
using Handoff.ConversationState.Storage;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Handoff.ConversationState.Tests;

internal static class StateTestData
{
    public static readonly TaskItem Item = new("status-update", "Write a status update", "Weekly update", ["Collect", "Draft", "Send"]);

    public static HandoffContextDraft Draft(string user = "aad-alice", string tenant = "tenant-1", string request = "write my status update") =>
        new(request, "continueInChat", Item, user, tenant, "en-US");

    /// <summary>The key ring every test store shares, so records one store seals another can open.</summary>
    public static readonly Dictionary<string, string> Keys = new() { ["k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };

    public static ContextProtector Protector(Dictionary<string, string>? keys = null, string? activeKeyId = null) =>
        new(Options.Create(new EncryptionOptions { Keys = keys ?? Keys, ActiveKeyId = activeKeyId ?? "k1" }),
            new HostingEnvironment { EnvironmentName = "Production" }, NullLogger<ContextProtector>.Instance);

    public static HandoffContextStore Contexts(IConnectionMultiplexer redis, TimeProvider? time = null, StateOptions? options = null, ContextProtector? protector = null)
    {
        var state = Options.Create(options ?? new StateOptions());
        return new(redis, state, time ?? new FakeTimeProvider(DateTimeOffset.UtcNow), protector ?? Protector(),
            new HandoffQuota(state, Metrics), Metrics, new ReplicaAcknowledgement(redis, state), NullLogger<HandoffContextStore>.Instance);
    }

    public static HandoffQuota Quota(StateOptions? options = null) => new(Options.Create(options ?? new StateOptions()), Metrics);

    public static readonly StateMetrics Metrics = new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    public static ConversationStore Conversations(IConnectionMultiplexer redis, TimeProvider? time = null, ContextProtector? protector = null)
    {
        var state = Options.Create(new StateOptions());
        return new(redis, state, time ?? new FakeTimeProvider(DateTimeOffset.UtcNow), protector ?? Protector(), new ReplicaAcknowledgement(redis, state));
    }
}
