using System.Reflection;
using Counterforge.Core.Runs;

namespace Counterforge.Cli.Demo;

/// <summary>run.json: the settings, seed, command and versions behind every number of the run.</summary>
internal sealed record RunRecord(DemoSettings Settings, string Command, string Counterforge, string Runtime, string Machine)
{
    /// <summary>Writes run.json, or, when the folder already has one, refuses to mix results made with other settings.</summary>
    public static void CheckOrWrite(RunFolder run, DemoSettings settings, string command)
    {
        if (File.Exists(run.RunJson))
        {
            var existing = Json.ReadFile<RunRecord>(run.RunJson);
            if (Json.Serialize(existing.Settings) != Json.Serialize(settings))
                throw new InvalidOperationException($"{run.RunJson} was made with other settings ({existing.Command}); resume it with those, or choose another --out.");
            return;
        }
        Json.WriteFile(run.RunJson, new RunRecord(settings, command,
            typeof(RunRecord).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}"));
    }
}
