namespace Handoff.Hosting.Infrastructure;

/// <summary>
/// Makes sure a program from a Debian package is installed. As root with apt-get, it installs the package
/// itself and says so; otherwise it stops with the exact command to run.
/// </summary>
public static class DebianPackage
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static readonly Dictionary<string, string> AptEnvironment = new() { ["DEBIAN_FRONTEND"] = "noninteractive" };

    public static async Task EnsureInstalledAsync(string programPath, string package, Action<string> log, CancellationToken cancellationToken)
    {
        if (File.Exists(programPath))
        {
            return;
        }

        const string aptGet = "/usr/bin/apt-get";
        if (!File.Exists(aptGet) || Environment.UserName != "root")
        {
            throw new ProvisioningException(
                $"{programPath} is missing. Install it with: sudo apt-get install -y {package}");
        }

        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(programPath))
            {
                return;
            }

            log($"{programPath} is missing: installing the Debian package '{package}' (apt-get, as root)…");
            var update = await ToolRun.RunAsync(aptGet, ["-o", "DPkg::Lock::Timeout=300", "update", "-qq"], AptEnvironment, cancellationToken);
            var install = await ToolRun.RunAsync(aptGet, ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "-qq", "--no-install-recommends", package], AptEnvironment, cancellationToken);
            if (install.ExitCode != 0 || !File.Exists(programPath))
            {
                throw new ProvisioningException(
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
}
