using System.Runtime.InteropServices;

namespace Counterforge.Diffusion.Pipeline;

/// <summary>
/// CPU time consumed by the calling thread (Linux CLOCK_THREAD_CPUTIME_ID), so the overhead benchmark can separate the
/// pipeline's own work from time lost to other processes on a shared machine. Zero where unsupported.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTime = 3;

    public static bool Supported { get; } = OperatingSystem.IsLinux();

    public static long Nanoseconds()
    {
        if (!Supported || ClockGetTime(ClockThreadCpuTime, out var time) != 0) return 0;
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
