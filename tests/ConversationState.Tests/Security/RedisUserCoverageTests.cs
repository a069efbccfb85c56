using System.Reflection;
using System.Text.RegularExpressions;
using Handoff.AppHost.Brokers.Redis;
using Handoff.ConversationState.Storage;

namespace Handoff.ConversationState.Tests.Security;

/// <summary>
/// The AppHost's Redis ACL user for ConversationState lists key patterns by hand; RedisKeys names the keys. A key
/// family added to one and not the other answers NOPERM in production only (the tenant counters once did, as a 503
/// on every mint). Every RedisKeys method, for a plain id and for one that is tagged by its hash, must name a key
/// ConversationState's user may touch and the gateway's may not.
/// </summary>
public sealed class RedisUserCoverageTests
{
    public static TheoryData<string> KeyFamilies() =>
        [.. typeof(RedisKeys).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(method => method.ReturnType == typeof(string) && method.Name != nameof(RedisKeys.Tag))
            .Select(method => method.Name)];

    [Theory]
    [MemberData(nameof(KeyFamilies))]
    public void Every_key_conversation_state_names_is_one_its_redis_user_may_touch_and_the_gateways_may_not(string family)
    {
        var method = typeof(RedisKeys).GetMethod(family, BindingFlags.Public | BindingFlags.Static)!;
        Assert.All(method.GetParameters(), parameter => Assert.Equal(typeof(string), parameter.ParameterType));

        foreach (var id in new[] { "a1b2c3", "}starts-with-a-brace" })
        {
            var key = (string)method.Invoke(null, [.. method.GetParameters().Select(_ => (object)id)])!;

            Assert.True(RedisUser.ConversationState.KeyPatterns.Any(pattern => Matches(pattern, key)),
                $"{family} names {key}, which no pattern of ConversationState's Redis user ({string.Join(", ", RedisUser.ConversationState.KeyPatterns)}) allows: add it in RedisUser.");
            Assert.False(RedisUser.Gateway.KeyPatterns.Any(pattern => Matches(pattern, key)), $"The gateway's Redis user may touch {key}.");
        }
    }

    [Fact]
    public void The_patterns_are_read_as_redis_reads_them()
    {
        Assert.True(Matches("handoff:{*", "handoff:{abc}:token"));
        Assert.False(Matches("handoff:{*", "handoff:#{abc}:token"));
        Assert.False(Matches("handoff:pacing:*", "handoff:pacingx"));
    }

    /// <summary>A Redis glob as RedisUser writes them: '*' is any run of characters, everything else is itself.</summary>
    private static bool Matches(string pattern, string key)
    {
        Assert.DoesNotMatch(@"[?\[\]\\]", pattern);
        return Regex.IsMatch(key, "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.Singleline);
    }
}
