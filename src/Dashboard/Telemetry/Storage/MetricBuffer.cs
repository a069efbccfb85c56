namespace Handoff.Dashboard.Telemetry.Storage;

/// <summary>
/// Metric points by instrument, bounded across all instruments: the point that arrived first is evicted first.
/// Thread-safe.
/// </summary>
internal sealed class MetricBuffer(int maxPoints, ResourceTally resources)
{
    private readonly Lock gate = new();
    private readonly Dictionary<InstrumentKey, MetricSeries> series = [];

    // One entry per stored point, naming the series whose oldest point it is once it reaches the front:
    // points of one series arrive in the same order as they do overall.
    private readonly RingBuffer<MetricSeries> arrival = new(maxPoints);

    public int Add(IEnumerable<MetricPoint> points)
    {
        var added = 0;
        lock (gate)
        {
            foreach (var point in points)
            {
                var key = new InstrumentKey(point.Resource, point.Meter, point.Name);
                if (series.TryGetValue(key, out var target))
                {
                    target.Add(point);
                }
                else
                {
                    target = new MetricSeries(point);
                    series.Add(key, target);
                }

                resources.Add(point.Resource);
                if (arrival.Add(target, out var oldest))
                {
                    oldest.Points.Dequeue();
                    resources.Remove(oldest.Key.Resource);
                    if (oldest.Points.Count == 0)
                    {
                        series.Remove(oldest.Key);
                    }
                }

                added++;
            }
        }

        return added;
    }

    public IReadOnlyList<MetricInstrument> Instruments(string? resource)
    {
        List<MetricInstrument> found = [];
        lock (gate)
        {
            foreach (var stored in series.Values)
            {
                if (TextFilter.SameName(resource, stored.Key.Resource))
                {
                    found.Add(stored.Instrument);
                }
            }
        }

        found.Sort((a, b) =>
        {
            var byResource = StringComparer.OrdinalIgnoreCase.Compare(a.Resource, b.Resource);
            if (byResource != 0)
            {
                return byResource;
            }

            var byMeter = StringComparer.Ordinal.Compare(a.Meter, b.Meter);
            return byMeter != 0 ? byMeter : StringComparer.Ordinal.Compare(a.Name, b.Name);
        });
        return found;
    }

    public IReadOnlyList<MetricPoint> Points(string name, string? resource, DateTimeOffset? since)
    {
        List<MetricPoint> found = [];
        lock (gate)
        {
            foreach (var stored in series.Values)
            {
                if (stored.Key.Name == name && TextFilter.SameName(resource, stored.Key.Resource))
                {
                    found.AddRange(since is { } from ? stored.Points.Where(point => point.Time >= from) : stored.Points);
                }
            }
        }

        // Stable, so points of one time keep their arrival order.
        return [.. found.OrderBy(point => point.Time)];
    }

    private readonly record struct InstrumentKey(string Resource, string Meter, string Name);

    private sealed class MetricSeries
    {
        public MetricSeries(MetricPoint first)
        {
            Key = new InstrumentKey(first.Resource, first.Meter, first.Name);
            Instrument = Describe(first);
            Points.Enqueue(first);
        }

        public InstrumentKey Key { get; }

        public Queue<MetricPoint> Points { get; } = new();

        /// <summary>As the newest point describes it: unit and description may change between versions of a service.</summary>
        public MetricInstrument Instrument { get; private set; }

        public void Add(MetricPoint point)
        {
            Points.Enqueue(point);
            if (point.Unit != Instrument.Unit || point.Description != Instrument.Description || point.Kind != Instrument.Kind)
            {
                Instrument = Describe(point);
            }
        }

        private static MetricInstrument Describe(MetricPoint point) =>
            new(point.Resource, point.Meter, point.Name, point.Unit, point.Description, point.Kind);
    }
}
