using System.Text;
using System.Text.Json;

namespace Handoff.Benchmarks.Measurement;

/// <summary>
/// Reads a speedscope export of a sampled-thread-time trace and says where the CPU went. dotnet-trace's own
/// topN counts waiting threads (the thread pool's idle workers lead it); here only samples whose leaf is
/// <c>CPU_TIME</c> count, and time spent spinning for a lock is charged to the code that wanted the lock.
/// </summary>
public static class StackSummary
{
    /// <summary>Our code, and the library entry points that say which piece of work a sample belongs to.</summary>
    private static readonly string[] WorkFrames =
    [
        "Handoff.", "ConsoleLogger.Log(", "ExtendedLogger.", "JustInTimeRedactor.", "SystemTextJsonMessageSerializer.", "HttpClient.SendAsync(",
        "ResilienceHandler.SendAsync(", "Channel.BasicPublishAsync(", "RabbitMqBasicConsumer.HandleBasicDeliverAsync(", "HttpProtocol+<ProcessRequests>",
        "HttpInListener.", "SendTransport`1[System.__Canon].Send(", "DependencyInjection.ServiceProvider.CreateScope(", "DefaultHttpClientFactory.CreateClient(",
        "JsonSerializer.Serialize", "JsonSerializer.Deserialize",
    ];

    public static string Summarise(string speedscopePath, int rows)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(speedscopePath));
        var frames = document.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray()
            .Select(frame => Short(frame.GetProperty("name").GetString() ?? "?")).ToArray();
        var self = new Dictionary<string, double>();
        var inclusive = new Dictionary<string, double>();
        var lockSpin = new Dictionary<string, double>();
        double threadTime = 0, cpuTime = 0;
        foreach (var profile in document.RootElement.GetProperty("profiles").EnumerateArray())
        {
            var stack = new List<int>();
            double? last = null;
            foreach (var sample in profile.GetProperty("events").EnumerateArray())
            {
                var at = sample.GetProperty("at").GetDouble();
                if (last is { } previous && stack.Count > 1)
                {
                    var elapsed = at - previous;
                    threadTime += elapsed;
                    if (frames[stack[^1]] == "CPU_TIME")
                    {
                        cpuTime += elapsed;
                        Add(self, frames[stack[^2]], elapsed);
                        foreach (var frame in stack.Select(index => frames[index]).Distinct())
                        {
                            Add(inclusive, frame, elapsed);
                        }

                        var spin = stack.FindLastIndex(index => frames[index].Contains("Enter_Slowpath", StringComparison.Ordinal)
                            || frames[index].Contains("Lock.TryEnterSlow", StringComparison.Ordinal));
                        if (spin > 0)
                        {
                            Add(lockSpin, string.Join(" ← ", Enumerable.Range(Math.Max(0, spin - 2), Math.Min(2, spin)).Reverse().Select(index => frames[stack[index]])), elapsed);
                        }
                    }
                }

                last = at;
                if (sample.GetProperty("type").GetString() == "O")
                {
                    stack.Add(sample.GetProperty("frame").GetInt32());
                }
                else if (stack.Count > 0)
                {
                    stack.RemoveAt(stack.Count - 1);
                }
            }
        }

        var text = new StringBuilder();
        // CPU_TIME marks a thread that was not blocked: on a busy machine that includes waiting for a core.
        text.AppendLine($"thread time {threadTime / 1000:F1} s, of which runnable (CPU_TIME) {cpuTime / 1000:F1} s; the rest blocked (idle pool threads, I/O)");
        Section(text, "on CPU, self time (% of CPU samples)", self, cpuTime, rows, _ => true);
        Section(text, "spinning for a lock on CPU, by the code that wanted it (% of CPU samples)", lockSpin, cpuTime, rows, _ => true);
        Section(text, "on CPU, inclusive: our code and the library entry points (% of CPU samples)", inclusive, cpuTime, rows * 2,
            frame => WorkFrames.Any(work => frame.Contains(work, StringComparison.Ordinal)));
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, Dictionary<string, double> values, double total, int rows, Func<string, bool> include)
    {
        text.AppendLine($"-- {title}");
        foreach (var (frame, time) in values.Where(pair => include(pair.Key)).OrderByDescending(pair => pair.Value).Take(rows))
        {
            text.AppendLine($"{100 * time / Math.Max(total, 1e-9),6:F1}%  {frame}");
        }
    }

    private static void Add(Dictionary<string, double> values, string key, double amount) =>
        values[key] = values.GetValueOrDefault(key) + amount;

    /// <summary>Without the module prefix, and with long generic signatures cut.</summary>
    private static string Short(string name)
    {
        var bang = name.IndexOf('!', StringComparison.Ordinal);
        var withoutModule = bang >= 0 ? name[(bang + 1)..] : name;
        return withoutModule.Length > 110 ? withoutModule[..110] : withoutModule;
    }
}
