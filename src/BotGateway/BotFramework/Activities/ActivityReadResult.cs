namespace Handoff.BotGateway.BotFramework.Activities;

/// <summary>Either an activity or the reason the request body is not one (for a 400).</summary>
public sealed record ActivityReadResult(IncomingActivity? Activity, string? Error)
{
    public static ActivityReadResult Ok(IncomingActivity activity) => new(activity, null);

    public static ActivityReadResult Invalid(string error) => new(null, error);
}
