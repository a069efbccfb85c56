namespace Handoff.Fuzz;

/// <summary>The gateway's process as the kernel sees it: alive or not, and its resident memory.</summary>
public sealed record GatewayProcess(int Pid)
{
    public bool IsAlive => File.Exists($"/proc/{Pid}/status");

    /// <summary>VmRSS from <c>/proc/&lt;pid&gt;/status</c>, in KiB; null once the process is gone.</summary>
    public long? RssKiB => Read("VmRSS:");

    /// <summary>VmHWM: the most the process has ever had resident, in KiB.</summary>
    public long? PeakRssKiB => Read("VmHWM:");

    private long? Read(string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{Pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[field.Length..].Trim().Split(' ')[0]);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
