using System.Runtime.InteropServices;

namespace Handoff.AppHost.Services;

/// <summary>POSIX signals to a process or a whole process group (a broker's shell wrapper, its VM and the VM's helpers together).</summary>
public static partial class PosixSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    /// <summary>Sends <paramref name="signal"/> to the process group led by <paramref name="pid"/>; false if none is left.</summary>
    public static bool SignalGroup(int pid, int signal) => kill(-pid, signal) == 0;

    public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    /// <summary>True while a process with this id exists (a zombie counts until it is reaped).</summary>
    public static bool ProcessExists(int pid) => kill(pid, 0) == 0;

    public static bool GroupExists(int pid) => kill(-pid, 0) == 0;
}
