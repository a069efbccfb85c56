namespace Handoff.Benchmarks;

/// <summary>Command line: <c>[--quick] [--soak-minutes N] [--soak-rate R] [--phase-seconds S] [--concurrency C] [--output FILE] [--trace PHASE]</c>.</summary>
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

    public static BenchOptions Parse(string[] args, string repositoryRoot)
    {
        var quick = args.Contains("--quick");
        string? Value(string name)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        var known = new[] { "--quick", "--soak-minutes", "--soak-rate", "--phase-seconds", "--concurrency", "--output", "--trace" };
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
            Output = Path.GetFullPath(Value("--output") ?? Path.Combine(repositoryRoot, "artifacts", "bench", "results.json")),
            TracePhase = Value("--trace"),
        };
    }
}
