using System.Text.Json;
using Handoff.BotGateway.Handoff.Initiation;

namespace Handoff.BotGateway.Tests;

public sealed class ComposeExtensionQueryTests
{
    [Fact]
    public void The_request_text_and_command_are_read_from_the_parameters()
    {
        Assert.True(Read("""{"commandId":"continueInChat","parameters":[{"name":"request","value":"  plan the offsite "}]}""", out var query, out _));

        Assert.Equal("continueInChat", query.CommandId);
        Assert.Equal("plan the offsite", query.RequestText);
        Assert.Equal(10, query.Count);
    }

    [Fact]
    public void An_initial_run_has_an_empty_request()
    {
        Assert.True(Read("""{"commandId":"continueInChat","parameters":[{"name":"initialRun","value":"true"}]}""", out var query, out _));

        Assert.Equal("", query.RequestText);
        Assert.True(query.InitialRun);
    }

    [Theory]
    [InlineData("""{"commandId":"c","parameters":[{"name":"request","value":null}]}""")]
    [InlineData("""{"commandId":"c","parameters":[{"name":"request"}]}""")]
    [InlineData("""{"commandId":"c","parameters":[{"name":"request","value":""}]}""")]
    [InlineData("""{"commandId":"c","parameters":[{"name":"request","value":"*"}]}""")]
    [InlineData("""{"commandId":"c","parameters":[{"name":"request","value":" ** "}]}""")]
    public void Null_empty_and_wildcard_values_mean_no_request_text(string json)
    {
        Assert.True(Read(json, out var query, out _));

        Assert.Equal("", query.RequestText);
        Assert.False(query.InitialRun);
    }

    [Fact]
    public void A_wildcard_around_a_request_is_stripped()
    {
        Assert.True(Read("""{"commandId":"c","parameters":[{"name":"request","value":"status*"}]}""", out var query, out _));

        Assert.Equal("status", query.RequestText);
    }

    [Theory]
    [InlineData("""{"commandId":"c","queryOptions":{"count":3}}""", 3)]
    [InlineData("""{"commandId":"c","queryOptions":{"count":500}}""", 10)]
    [InlineData("""{"commandId":"c","queryOptions":{"count":-1}}""", 10)]
    [InlineData("""{"commandId":"c","queryOptions":{"count":"5"}}""", 10)]
    public void The_count_is_honoured_up_to_ten(string json, int count)
    {
        Assert.True(Read(json, out var query, out _));

        Assert.Equal(count, query.Count);
    }

    [Theory]
    [InlineData("null", "value must be an object")]
    [InlineData("{}", "value.commandId must be a non-empty string")]
    [InlineData("""{"commandId":5}""", "value.commandId must be a non-empty string")]
    [InlineData("""{"commandId":"c","parameters":{}}""", "value.parameters must be an array")]
    [InlineData("""{"commandId":"c","parameters":[5]}""", "must be an object with a string name")]
    [InlineData("""{"commandId":"c","parameters":[{"name":"request","value":5}]}""", "must have a string value")]
    [InlineData("""{"commandId":"\ud800"}""", "value.commandId must be a non-empty string")]
    [InlineData("""{"commandId":"c","parameters":[{"name":"\udc00","value":"x"}]}""", "must be an object with a string name")]
    [InlineData("""{"commandId":"c","parameters":[{"name":"request","value":"\ud800"}]}""", "must have a string value")]
    public void Malformed_queries_are_refused_with_the_reason(string json, string reason)
    {
        Assert.False(Read(json, out _, out var error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overlong_request_is_refused()
    {
        var json = $$"""{"commandId":"c","parameters":[{"name":"request","value":"{{new string('x', 4001)}}"}]}""";

        Assert.False(Read(json, out _, out var error));
        Assert.Contains("longer than 4000", error, StringComparison.Ordinal);
    }

    private static bool Read(string json, out ComposeExtensionQuery query, out string error)
    {
        using var document = JsonDocument.Parse(json);
        return ComposeExtensionQuery.TryRead(document.RootElement.Clone(), out query, out error);
    }
}
