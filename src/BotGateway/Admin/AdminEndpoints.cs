using System.Security.Cryptography;
using System.Text;
using Handoff.BotGateway.BotFramework;
using Handoff.Contracts.Clients;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Admin;

/// <summary>
/// <c>DELETE /admin/users/{tenantId}/{userAadObjectId}</c>: an administrator erases a user's handoff data
/// ("forget me" on their behalf). Authenticated with <c>Authorization: Bearer {Admin:ApiKey}</c>; without a
/// configured key the endpoint does not exist. ConversationState audits the erasure.
/// </summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/admin/users/{tenantId}/{userAadObjectId}", EraseUserAsync);
        return app;
    }

    private static async Task<IResult> EraseUserAsync(string tenantId, string userAadObjectId, HttpRequest request,
        IOptions<AdminOptions> options, ConversationStateClient state, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.Value.ApiKey))
        {
            return Results.NotFound();
        }

        if (!IsAdmin(request, options.Value.ApiKey))
        {
            loggers.CreateLogger(typeof(AdminEndpoints)).LogWarning("Refused an admin request without a valid API key");
            return BotErrors.Error(StatusCodes.Status401Unauthorized, "Unauthorized", "An admin API key is required: Authorization: Bearer <Admin:ApiKey>.");
        }

        try
        {
            var erased = await state.ForgetUserAsync(tenantId, userAadObjectId, "an administrator, through the admin API", cancellationToken);
            return Results.Ok(new { recordsErased = erased });
        }
        catch (ConversationStateException exception) when (exception.IsTransient)
        {
            return BotErrors.ServiceUnavailable("The state service is unavailable; nothing was erased. Try again shortly.");
        }
        catch (ConversationStateException exception)
        {
            return BotErrors.BadRequest(exception.Message);
        }
    }

    private static bool IsAdmin(HttpRequest request, string apiKey)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Constant time: the comparison must not tell an attacker how much of a guess was right.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), Encoding.UTF8.GetBytes(apiKey));
    }
}
