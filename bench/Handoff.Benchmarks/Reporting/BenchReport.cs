using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Handoff.Benchmarks.Reporting;

/// <summary>Every figure with its floor (the same work done by the bare infrastructure, measured in the same run) and its target.</summary>
public sealed class BenchReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public List<ResultRow> Rows { get; } = [];

    /// <summary>Everything else worth keeping: machine, options, per-phase latency summaries, per-service CPU and memory.</summary>
    public SortedDictionary<string, object> Details { get; } = new(StringComparer.Ordinal);

    public ResultRow Add(string section, string metric, double value, string unit, double? floor = null, string? floorName = null,
        string? target = null, bool? met = null)
    {
        var row = new ResultRow(section, metric, Math.Round(value, 3), unit, floor is null ? null : Math.Round(floor.Value, 3), floorName, target, met);
        Rows.Add(row);
        return row;
    }

    public void PrintTable(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{"METRIC",-62} {"VALUE",12} {"UNIT",-10} {"FLOOR",10} {"×FLOOR",8}  {"TARGET",-16} MET");
        string? section = null;
        foreach (var row in Rows)
        {
            if (row.Section != section)
            {
                section = row.Section;
                output.WriteLine($"-- {section}");
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Metric,-62} {Format(row.Value),12} {row.Unit,-10} {(row.Floor is { } floor ? Format(floor) : ""),10} {(row.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : ""),8}  {row.Target ?? "",-16} {row.Met switch { true => "yes", false => "NO", null => "" }}"));
        }

        output.WriteLine();
        output.WriteLine("FLOOR: the same work done by the bare infrastructure in this run (see each row's floorName in the JSON); ×FLOOR = value / floor.");
    }

    public async Task WriteJsonAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, new { rows = Rows, details = Details }, JsonOptions);
    }

    private static string Format(double value) => Math.Abs(value) >= 100
        ? value.ToString("N0", CultureInfo.InvariantCulture)
        : value.ToString("0.###", CultureInfo.InvariantCulture);
}

public sealed record ResultRow(string Section, string Metric, double Value, string Unit, double? Floor, string? FloorName, string? Target, bool? Met)
{
    public double? Ratio => Floor is > 0 ? Math.Round(Value / Floor.Value, 3) : null;
}
