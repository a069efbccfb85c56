using System.Globalization;

namespace Handoff.Benchmarks;

/// <summary>
/// Command line: <c>[--quick] [--soak-minutes N] [--soak-rate R] [--phase-seconds S] [--concurrency C] [--output FILE] [--trace PHASE] [--pacing | --turns]</c>,
/// or the fault run: <c>--faults [--fault-rate R] [--fault-rounds N] [--fault-hold-seconds S] [--fault-settle-seconds S] [--output FILE]</c>.
/// </summary>
public sealed record BenchOptions
{
    public bool Quick { get; init; }

    /// <summary>How long each measured phase drives load.</summary>
    public TimeSpan PhaseDuration { get; init; }

    public double SoakMinutes { get; init; }

    /// <summary>Handoffs per second during the soak (each with its share of Copilot queries).</summary>
    public double SoakRate { get; init; }

    /// <summary>Concurrent requests of the closed-loop phases.</summary>
    public int Concurrency { get; init; }

    public IReadOnlyList<double> AckRates { get; init; } = [250, 500, 1_000];

    public string Output { get; init; } = "";

    /// <summary>A phase (queries, ack-1000, saturation) during which to run <c>dotnet-trace</c> on the gateway.</summary>
    public string? TracePhase { get; init; }

    /// <summary>Instead of the figures: kill -9 each service and broker in turn under steady load, and count what was lost or doubled.</summary>
    public bool Faults { get; init; }

    /// <summary>Query→click pairs per second during the fault run (open loop).</summary>
    public double FaultRate { get; init; }

    /// <summary>How many times each resource is killed (one round kills each once, in turn).</summary>
    public int FaultRounds { get; init; }

    /// <summary>How long the load keeps running after a killed resource is healthy again, before the next kill.</summary>
    public TimeSpan FaultHold { get; init; }

    /// <summary>After the load stops, the longest wait for every acknowledged click's outcome (the gateway retries deliveries for about two minutes).</summary>
    public TimeSpan FaultSettle { get; init; }

    /// <summary>Only the pacing phase (its own system, the Bot Connector pacing on, 100 tenants), not the capacity phases.</summary>
    public bool PacingOnly { get; init; }

    /// <summary><c>--turns</c>: only the conversation turns' phase, on a system with a stand-in chat model.</summary>
    public bool TurnsOnly { get; init; }

    public static BenchOptions Parse(string[] args, string repositoryRoot)
    {
        var quick = args.Contains("--quick");
        string? Value(string name)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        var faults = args.Contains("--faults");
        var known = new[]
        {
            "--quick", "--soak-minutes", "--soak-rate", "--phase-seconds", "--concurrency", "--output", "--trace",
            "--faults", "--fault-rate", "--fault-rounds", "--fault-hold-seconds", "--fault-settle-seconds", "--pacing", "--turns",
        };
        foreach (var arg in args.Where(arg => arg.StartsWith("--", StringComparison.Ordinal)))
        {
            if (!known.Contains(arg))
            {
                throw new ArgumentException($"Unknown option {arg}. Options: {string.Join(' ', known)}");
            }
        }

        return new BenchOptions
        {
            Quick = quick,
            PhaseDuration = TimeSpan.FromSeconds(double.Parse(Value("--phase-seconds") ?? (quick ? "5" : "20"))),
            SoakMinutes = double.Parse(Value("--soak-minutes") ?? (quick ? "1" : "10")),
            SoakRate = double.Parse(Value("--soak-rate") ?? "250"),
            Concurrency = int.Parse(Value("--concurrency") ?? "64"),
            Output = Path.GetFullPath(Value("--output") ?? Path.Combine(repositoryRoot, "artifacts", "bench", faults ? "faults.json" : "results.json")),
            TracePhase = Value("--trace"),
            Faults = faults,
            PacingOnly = args.Contains("--pacing"),
            TurnsOnly = args.Contains("--turns"),
            FaultRate = double.Parse(Value("--fault-rate") ?? "100", CultureInfo.InvariantCulture),
            FaultRounds = int.Parse(Value("--fault-rounds") ?? "1", CultureInfo.InvariantCulture),
            FaultHold = TimeSpan.FromSeconds(double.Parse(Value("--fault-hold-seconds") ?? "10", CultureInfo.InvariantCulture)),
            FaultSettle = TimeSpan.FromSeconds(double.Parse(Value("--fault-settle-seconds") ?? "180", CultureInfo.InvariantCulture)),
        };
    }
}
