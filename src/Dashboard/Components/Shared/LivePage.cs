using Handoff.Dashboard.Resources;
using Handoff.Dashboard.Telemetry;
using Microsoft.AspNetCore.Components;

namespace Handoff.Dashboard.Components.Shared;

/// <summary>
/// A page that re-renders as telemetry and resources change, at most once a second: a busy system exports
/// thousands of records a second and the browser needs none of them one by one.
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    private Timer? _timer;
    private int _dirty;

    [Inject]
    protected ITelemetryStore Telemetry { get; set; } = default!;

    [Inject]
    protected IResourceService Resources { get; set; } = default!;

    protected override void OnInitialized()
    {
        Telemetry.Changed += MarkDirty;
        Resources.Changed += MarkDirty;
        _timer = new Timer(_ => RenderIfDirty(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    protected void MarkDirty() => Interlocked.Exchange(ref _dirty, 1);

    /// <summary>Called before a live re-render, to refresh what the page shows.</summary>
    protected virtual void Refresh()
    {
    }

    public void Dispose()
    {
        Telemetry.Changed -= MarkDirty;
        Resources.Changed -= MarkDirty;
        _timer?.Dispose();
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    private void RenderIfDirty()
    {
        if (Interlocked.Exchange(ref _dirty, 0) == 1 || RefreshesOnClock)
        {
            _ = InvokeAsync(() =>
            {
                Refresh();
                StateHasChanged();
            });
        }
    }

    /// <summary>Pages showing ages ("up 3 min") re-render every second even when nothing arrived.</summary>
    protected virtual bool RefreshesOnClock => false;
}
