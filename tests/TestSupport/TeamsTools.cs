using System.Diagnostics;

namespace Handoff.TestSupport;

/// <summary>
/// Microsoft's npm tools in <c>tools/teams</c> (manifest schemas, Agents Playground). Installed with
/// <c>npm ci</c> on first use, so <c>dotnet test</c> needs nothing done by hand; a missing npm fails the test
/// with the command to run.
/// </summary>
public static class TeamsTools
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string Directory => Path.Combine(RepositoryRoot.Path, "tools", "teams");

    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(Path.Combine(Directory, "node_modules", ".package-lock.json")))
            {
                return;
            }

            // Test assemblies run in parallel processes: one installs, the others wait on the lock file.
            await using var lockFile = await AcquireFileLockAsync(Path.Combine(Directory, ".install.lock"), cancellationToken);
            if (File.Exists(Path.Combine(Directory, "node_modules", ".package-lock.json")))
            {
                return;
            }

            var result = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], Directory, TimeSpan.FromMinutes(5), cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"'npm ci' in tools/teams failed ({result.ExitCode}): {result.Output}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"'{fileName}' is not installed ({exception.Message}). Install Node.js and npm: apt-get install -y nodejs npm", exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in {timeout.TotalSeconds:F0} s.");
            }

            return (process.ExitCode, await output + await error);
        }
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(250, cancellationToken);
            }
        }
    }
}
