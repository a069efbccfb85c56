using Handoff.Benchmarks;

// The services log every handoff to the console as they do under the AppHost; their lines go to a file
// beside the results, so that this console shows only the benchmark.
if (args is ["--summarise-trace", var speedscope])
{
    // Re-reads a saved profile (artifacts/bench/gateway-PHASE.speedscope.json) without running anything.
    Console.WriteLine(Handoff.Benchmarks.Measurement.StackSummary.Summarise(speedscope, 15));
    return 0;
}

var repositoryRoot = RepositoryRoot();
var options = BenchOptions.Parse(args, repositoryRoot);
var report = Console.Out;
Directory.CreateDirectory(Path.GetDirectoryName(options.Output)!);
var logPath = Path.Combine(Path.GetDirectoryName(options.Output)!, "services.log");
await using var log = TextWriter.Synchronized(new StreamWriter(logPath) { AutoFlush = true });
Console.SetOut(log);
report.WriteLine($"Service logs: {logPath}");

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, eventArgs) =>
{
    eventArgs.Cancel = true;
    cancel.Cancel();
};

try
{
    return options.Faults
        ? await new Handoff.Benchmarks.Faults.FaultBenchmark(options, report).RunAsync(cancel.Token)
        : await new Benchmark(options, report).RunAsync(cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    report.WriteLine("Cancelled; every process the benchmark started has been stopped.");
    return 130;
}
catch (Exception exception)
{
    report.WriteLine($"The benchmark failed: {exception}");
    return 1;
}

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Handoff.sln")))
        {
            return directory.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
