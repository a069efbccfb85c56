using System.Collections.ObjectModel;
using System.Diagnostics;

namespace Handoff.BotGateway.Tests.Security;

/// <summary>Finished spans as the in-memory exporter hands them over (from its own thread), read by the test as a snapshot.</summary>
internal sealed class SpanRecorder : Collection<Activity>
{
    private readonly Lock _lock = new();

    public List<Activity> Snapshot()
    {
        lock (_lock)
        {
            return [.. Items];
        }
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (_lock)
        {
            base.InsertItem(index, item);
        }
    }
}
