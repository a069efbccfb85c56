using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Components.Shared;

/// <summary>
/// A trace's spans in waterfall order: each parent followed by its children, by start time. Spans no root
/// reaches (a parent id that loops back) are still shown, as roots, so no span a service sent is hidden.
/// </summary>
public static class Waterfall
{
    public static IReadOnlyList<WaterfallRow> Build(IReadOnlyList<SpanRecord> spans)
    {
        var ids = spans.Select(span => span.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = spans
            .Where(span => span.ParentSpanId is not null && ids.Contains(span.ParentSpanId))
            .GroupBy(span => span.ParentSpanId!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.OrderBy(span => span.Start).ToList(), StringComparer.Ordinal);
        var roots = spans.Where(span => span.ParentSpanId is null || !ids.Contains(span.ParentSpanId)).OrderBy(span => span.Start);
        var rows = new List<WaterfallRow>(spans.Count);
        var visited = new HashSet<SpanRecord>(ReferenceEqualityComparer.Instance);
        foreach (var root in roots.Concat(spans.OrderBy(span => span.Start)))
        {
            var pending = new Stack<WaterfallRow>([new WaterfallRow(root, 0)]);
            while (pending.Count > 0)
            {
                var row = pending.Pop();
                if (!visited.Add(row.Span))
                {
                    continue;
                }

                rows.Add(row);
                if (children.TryGetValue(row.Span.SpanId, out var below))
                {
                    for (var i = below.Count - 1; i >= 0; i--)
                    {
                        pending.Push(new WaterfallRow(below[i], row.Depth + 1));
                    }
                }
            }
        }

        return rows;
    }
}

public sealed record WaterfallRow(SpanRecord Span, int Depth);
