namespace Handoff.Hosting.Orchestration;

/// <summary>
/// Whether the AppHost runs the model or publishes it, as Aspire's execution context: the same Program.cs,
/// another verb (<c>dotnet run --project src/AppHost -- publish --output deploy/</c>).
/// </summary>
public sealed class DistributedApplicationExecutionContext(DistributedApplicationOperation operation)
{
    public const string PublishVerb = "publish";

    public DistributedApplicationOperation Operation { get; } = operation;

    public bool IsRunMode => Operation == DistributedApplicationOperation.Run;

    public bool IsPublishMode => Operation == DistributedApplicationOperation.Publish;

    public static DistributedApplicationExecutionContext FromArguments(string[] args) =>
        new(args.Length > 0 && args[0] == PublishVerb ? DistributedApplicationOperation.Publish : DistributedApplicationOperation.Run);
}

public enum DistributedApplicationOperation
{
    Run,
    Publish,
}
