using System.Diagnostics;
using Handoff.AppHost.Brokers.Provisioning;

namespace Handoff.AppHost.Tests;

/// <summary>
/// A shared library for <c>LD_PRELOAD</c> that makes every fsync and fdatasync of the process wait
/// <see cref="DelayVariable"/> milliseconds first: a disk as slow as a loaded CI machine's, for one process only.
/// Built with Debian's gcc where the test runs, installed on first use as root like the brokers.
/// </summary>
internal static class SlowFsync
{
    public const string DelayVariable = "HANDOFF_SLOW_FSYNC_MS";

    // No header and no C library at link time (-nostdlib): gcc alone builds it, without libc6-dev. The symbols are the
    // preloading process's own at run time (glibc 2.34 and later has dlsym in libc itself).
    private const string Source = """
        #define RTLD_NEXT ((void*) -1l)
        extern void* dlsym(void* handle, const char* symbol);
        extern char* getenv(const char* name);
        extern int atoi(const char* text);
        extern int usleep(unsigned int microseconds);
        static void wait_first(void) { const char* ms = getenv("HANDOFF_SLOW_FSYNC_MS"); usleep((ms ? atoi(ms) : 0) * 1000); }
        int fdatasync(int fd) { static int (*real)(int); if (!real) real = (int (*)(int)) dlsym(RTLD_NEXT, "fdatasync"); wait_first(); return real(fd); }
        int fsync(int fd) { static int (*real)(int); if (!real) real = (int (*)(int)) dlsym(RTLD_NEXT, "fsync"); wait_first(); return real(fd); }
        """;

    /// <summary>Compiles the library into <paramref name="directory"/> and answers its path.</summary>
    public static async Task<string> BuildAsync(string directory, CancellationToken cancellationToken)
    {
        var source = Path.Combine(directory, "slow-fsync.c");
        var library = Path.Combine(directory, "slow-fsync.so");
        await File.WriteAllTextAsync(source, Source, cancellationToken);
        await DebianPackage.EnsureInstalledAsync("/usr/bin/gcc", "gcc", _ => { }, cancellationToken);
        using (var gcc = Process.Start(new ProcessStartInfo("/usr/bin/gcc", ["-shared", "-fPIC", "-O2", "-nostdlib", "-o", library, source]) { RedirectStandardError = true })!)
        {
            var errors = await gcc.StandardError.ReadToEndAsync(cancellationToken);
            await gcc.WaitForExitAsync(cancellationToken);
            return gcc.ExitCode == 0 ? library : throw new InvalidOperationException($"gcc could not build {source}: {errors}");
        }
    }
}
