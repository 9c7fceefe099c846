namespace Counterforge.Cli.Commands;

/// <summary>Turns the errors users can fix (bad files, bad options) into one clear message and exit code 1, without a stack trace.</summary>
internal static class CommandErrors
{
    public static int Guard(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or FormatException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            if (Environment.GetEnvironmentVariable("COUNTERFORGE_TRACE") == "1") Console.Error.WriteLine(e);
            return 1;
        }
    }
}
