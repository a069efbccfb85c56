namespace Handoff.BotGateway.BotFramework;

/// <summary>Error answers in the Bot Framework's <c>ErrorResponse</c> shape: <c>{ "error": { "code", "message" } }</c>.</summary>
public static class BotErrors
{
    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, "BadArgument", message);

    public static IResult NotImplemented(string message) => Error(StatusCodes.Status501NotImplemented, "NotImplemented", message);

    /// <summary>
    /// Every 401 says only this: naming the failed check (or echoing the token's unverified issuer) would help a
    /// forger; the detail is logged at Debug instead.
    /// </summary>
    public static IResult Unauthorized(HttpResponse response)
    {
        response.Headers.WWWAuthenticate = "Bearer";
        return Error(StatusCodes.Status401Unauthorized, "Unauthorized", "Unauthorized.");
    }

    public static IResult ServiceUnavailable(string message) => Error(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", message);

    public static IResult Error(int status, string code, string message) =>
        Results.Json(new ErrorResponse(new ErrorBody(code, message)), statusCode: status);

    public sealed record ErrorResponse(ErrorBody Error);

    public sealed record ErrorBody(string Code, string Message);
}
