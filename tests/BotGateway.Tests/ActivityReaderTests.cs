using System.Text;
using System.Text.Json;
using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.Handoff.Resumption;

namespace Handoff.BotGateway.Tests;

public sealed class ActivityReaderTests
{
    [Fact]
    public void A_copilot_query_is_read_with_everything_the_handoff_needs()
    {
        var activity = ActivityReader.Read(Activities.Bytes(Activities.CopilotQuery)).Activity!;

        Assert.True(activity.IsInvoke("composeExtension/query"));
        Assert.Equal("a:1xyz", activity.ConversationId);
        Assert.Equal("personal", activity.ConversationType);
        Assert.Equal("00000000-0000-0000-0000-0000000000a1", activity.From!.AadObjectId);
        Assert.Equal(new Uri("https://smba.trafficmanager.net/amer/"), activity.ServiceUrl);
        Assert.Equal("en-GB", activity.Locale);
    }

    [Fact]
    public void The_tenant_comes_from_channel_data_before_the_conversation()
    {
        var activity = ActivityReader.Read(Activities.Bytes(Activities.CopilotQuery)).Activity!;

        Assert.Equal("tenant-1", activity.TenantId);
    }

    [Fact]
    public void The_tenant_falls_back_to_the_conversation()
    {
        var json = Activities.CopilotQuery.Replace("\"channelData\": { \"tenant\": { \"id\": \"tenant-1\" }, \"source\": { \"name\": \"copilot\" } },", "", StringComparison.Ordinal);

        var activity = ActivityReader.Read(Activities.Bytes(json)).Activity!;

        Assert.Equal("tenant-from-conversation", activity.TenantId);
    }

    [Theory]
    [InlineData("HANDOFF/ACTION")]
    [InlineData("Handoff/Action")]
    [InlineData("handoff/action")]
    public void Invoke_names_match_case_insensitively(string name)
    {
        var activity = ActivityReader.Read(Activities.Bytes(Activities.HandoffAction.Replace("handoff/action", name, StringComparison.Ordinal))).Activity!;

        Assert.True(activity.IsInvoke(HandoffActionHandler.InvokeName));
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("\"activity\"", "must be a JSON object")]
    [InlineData("{}", "type is required")]
    [InlineData("{\"type\":7}", "type must be a string")]
    [InlineData("{\"type\":\"\"}", "type must not be empty")]
    [InlineData("{\"type\":\"message\",\"conversation\":{\"id\":\"a\"}}", "serviceUrl is required")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"not a url\",\"conversation\":{\"id\":\"a\"}}", "serviceUrl must be an absolute http(s) URL")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"ftp://x\",\"conversation\":{\"id\":\"a\"}}", "serviceUrl must be an absolute http(s) URL")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"https://x\"}", "conversation is required")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"https://x\",\"conversation\":[]}", "conversation must be an object")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"https://x\",\"conversation\":{}}", "conversation.id is required")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"https://x\",\"conversation\":{\"id\":1}}", "conversation.id must be a string")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"https://x\",\"conversation\":{\"id\":\"a\"},\"from\":\"me\"}", "from must be an object")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"https://x\",\"conversation\":{\"id\":\"a\"},\"from\":{}}", "from.id is required")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"https://x\",\"conversation\":{\"id\":\"a\"},\"channelData\":{\"tenant\":{\"id\":[]}}}", "channelData.tenant.id must be a string")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"https://x\",\"conversation\":{\"id\":\"\\ud800\"}}", "not valid Unicode")]
    public void Malformed_activities_are_rejected_with_the_reason(string json, string reason)
    {
        var result = ActivityReader.Read(Activities.Bytes(json));

        Assert.Null(result.Activity);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_json_is_rejected_not_crashing()
    {
        var json = "{\"type\":\"message\",\"value\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

        var result = ActivityReader.Read(Activities.Bytes(json));

        Assert.Contains("not valid JSON", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Found by the fuzzer (tests/Fuzz.Corpus/findings): a lone surrogate escape in a property name was a 500.</summary>
    [Theory]
    [InlineData("\\udc00", false)]
    [InlineData("\\ud800\\u0041", false)]
    [InlineData("\\uDBFF\\uDBFF", false)]
    [InlineData("\\udc00", true)]
    [InlineData("\\ud83db", true)]
    public void A_property_name_that_is_not_valid_unicode_is_rejected_not_crashing(string name, bool insideValue)
    {
        var json = insideValue
            ? Activities.HandoffAction.Replace("\"continuation\"", $"\"{name}\"", StringComparison.Ordinal)
            : "{\"" + name + "\": 1," + Activities.HandoffAction.Trim()[1..];

        var result = ActivityReader.Read(Activities.Bytes(json));

        Assert.Null(result.Activity);
        Assert.Contains("not valid Unicode", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_rejected_not_crashing()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"type\":\"message\",\"text\":\"xx\"}");
        bytes[^3] = 0xC3;

        Assert.NotNull(ActivityReader.Read(bytes).Error);
    }

    [Theory]
    [InlineData("{\"continuation\":\"tok\"}")]
    [InlineData("{\"Continuation\":\"tok\"}")]
    [InlineData("{\"CONTINUATION\":\"tok\"}")]
    [InlineData("{\"continuation\":\"  tok  \"}")]
    public void The_continuation_is_read_from_raw_json_in_any_casing(string value)
    {
        using var json = JsonDocument.Parse(value);

        Assert.True(HandoffActionValue.TryReadContinuation(json.RootElement, out var token, out _));
        Assert.Equal("tok", token);
    }

    [Theory]
    [InlineData("null", "value must be an object")]
    [InlineData("\"tok\"", "value must be an object")]
    [InlineData("{}", "value.continuation is missing")]
    [InlineData("{\"continuationToken\":\"tok\"}", "value.continuation is missing")]
    [InlineData("{\"continuation\":42}", "value.continuation must be a string")]
    [InlineData("{\"continuation\":{\"token\":\"x\"}}", "value.continuation must be a string")]
    [InlineData("{\"continuation\":\"\"}", "value.continuation must not be empty")]
    [InlineData("{\"continuation\":\"   \"}", "value.continuation must not be empty")]
    public void A_handoff_without_a_usable_string_continuation_is_refused(string value, string reason)
    {
        using var json = JsonDocument.Parse(value);

        Assert.False(HandoffActionValue.TryReadContinuation(json.RootElement, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overlong_continuation_is_refused()
    {
        using var json = JsonDocument.Parse($"{{\"continuation\":\"{new string('a', 1025)}\"}}");

        Assert.False(HandoffActionValue.TryReadContinuation(json.RootElement, out _, out var error));
        Assert.Contains("longer than 1024", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_continuation_of_a_real_handoff_action_activity_is_read()
    {
        var activity = ActivityReader.Read(Activities.Bytes(Activities.HandoffAction)).Activity!;

        Assert.True(HandoffActionValue.TryReadContinuation(activity.Value, out var token, out _));
        Assert.Equal("lXfPbd7EwOOzBbcvm_19CzKWZ8YmEdpO5xN6SwCuzP8", token);
    }
}
