namespace Handoff.Dashboard.Resources;

public sealed record ResourceView(
    string Name,
    string Kind,
    string State,
    string Health,
    int? Pid,
    DateTimeOffset? StartedAt,
    IReadOnlyList<string> Endpoints,
    int RestartCount,
    IReadOnlyDictionary<string, string> Environment);
