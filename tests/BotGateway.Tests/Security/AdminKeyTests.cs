using Handoff.BotGateway.Admin;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.BotGateway.Tests.Security;

/// <summary>The admin key is compared as fixed-length digests in constant time: only the exact key passes.</summary>
public sealed class AdminKeyTests
{
    private const string Key = "an-admin-api-key-of-at-least-32-characters";

    [Theory]
    [InlineData("Bearer " + Key)]
    [InlineData("bearer " + Key)]
    [InlineData("Bearer  " + Key + " ")]
    public void The_exact_key_passes(string header) => Assert.Null(Refusal(header));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("Bearer an-admin")]
    [InlineData("Bearer " + Key + "x")]
    [InlineData("Bearer " + "AN-ADMIN-API-KEY-OF-AT-LEAST-32-CHARACTERS")]
    [InlineData("Basic " + Key)]
    [InlineData(Key)]
    public void Anything_else_is_refused_with_a_bare_401(string? header)
    {
        var context = new DefaultHttpContext();

        var refusal = Refusal(header, context);

        Assert.NotNull(refusal);
        Assert.Equal(StatusCodes.Status401Unauthorized, Assert.IsAssignableFrom<IStatusCodeHttpResult>(refusal).StatusCode);
        Assert.Equal("Bearer", context.Response.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public void An_empty_configured_key_admits_no_one() =>
        Assert.NotNull(AdminApiKey.Refusal(Request("Bearer "), "", NullLogger.Instance));

    private static IResult? Refusal(string? header, DefaultHttpContext? context = null) =>
        AdminApiKey.Refusal(Request(header, context), Key, NullLogger.Instance);

    private static HttpRequest Request(string? header, DefaultHttpContext? context = null)
    {
        context ??= new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers.Authorization = header;
        }

        return context.Request;
    }
}
