using Counterforge.Core.Pipeline;

namespace Counterforge.Cli.Commands;

/// <summary>
/// Turns every failure into one message and an exit code, never a stack trace: what a user can fix (bad files, bad options,
/// a backend that does not answer) is exit code 1 with the message that says what and where; an interrupted run is 130;
/// anything else is a bug of counterforge's, said as such (exit code 70), with the way to get the trace for a report.
/// </summary>
internal static class CommandErrors
{
    public const int UserError = 1;
    public const int InternalError = 70;
    public const int Interrupted = 130;
    public const string InternalErrorMarker = "internal error";


    public static async Task<int> GuardAsync(Func<Task> action)
    {
        try
        {
            await action();
            return 0;
        }
        catch (MissingStageException e)
        {
            return Report($"error: {e.Message} Run `counterforge {e.Stage} --out {e.RunRoot}` first.", e, UserError);
        }
        catch (Exception e) when (IsUsers(e))
        {
            return Report($"error: {e.Message}", e, UserError);
        }
        catch (OperationCanceledException e)
        {
            return Report("cancelled: what the run finished is kept; run the same command again to resume.", e, Interrupted);
        }
        catch (Exception e)
        {
            return Report($"{InternalErrorMarker} ({e.GetType().Name}): {e.Message}\nThis is a bug in counterforge; run again with "
                + "COUNTERFORGE_TRACE=1 and report what it prints. The run folder keeps what was finished.", e, InternalError);
        }
    }

    private static bool IsUsers(Exception e) => e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException
        or UnauthorizedAccessException or PathTooLongException or ArgumentException or FormatException or InvalidOperationException
        or StageIncompleteException or BackendUnavailableException or Diffusion.ModelSetException || (e is IOException && e.GetType() == typeof(IOException));

    private static int Report(string message, Exception e, int code)
    {
        Console.Error.WriteLine(message);
        if (Environment.GetEnvironmentVariable("COUNTERFORGE_TRACE") == "1") Console.Error.WriteLine(e);
        return code;
    }
}
