namespace Handoff.Dashboard.Resources;

public sealed record ConsoleLogLine(long Number, DateTimeOffset Timestamp, string Text);
