using System.Diagnostics;

namespace Handoff.AppHost.Brokers.Provisioning;

/// <summary>
/// Makes sure a program from a Debian package is installed before its resource starts. As root with apt-get, it
/// installs the package itself and says so in the resource's log; otherwise it stops with the exact command to run.
/// </summary>
public static class DebianPackage
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task EnsureInstalledAsync(string programPath, string package, Action<string> log, CancellationToken cancellationToken)
    {
        if (File.Exists(programPath))
        {
            return;
        }

        const string aptGet = "/usr/bin/apt-get";
        if (!File.Exists(aptGet) || Environment.UserName != "root")
        {
            throw new InvalidOperationException($"{programPath} is missing. Install it with: sudo apt-get install -y {package}");
        }

        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(programPath))
            {
                return;
            }

            log($"{programPath} is missing: installing the Debian package '{package}' (apt-get, as root)…");
            var update = await AptGetAsync(["update", "-qq"], cancellationToken);
            var install = await AptGetAsync(["install", "-y", "-qq", "--no-install-recommends", package], cancellationToken);
            if (install.ExitCode != 0 || !File.Exists(programPath))
            {
                throw new InvalidOperationException(
                    $"apt-get could not install '{package}' (exit {install.ExitCode}). Output:\n{update.Output}\n{install.Output}\n" +
                    $"Install it by hand with: sudo apt-get install -y {package}");
            }

            log($"Installed '{package}'.");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int ExitCode, string Output)> AptGetAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/usr/bin/apt-get") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add("DPkg::Lock::Timeout=300");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("apt-get did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output + await errors);
    }
}
