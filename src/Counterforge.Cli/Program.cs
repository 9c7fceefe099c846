using System.CommandLine;
using Counterforge.Cli.Commands;
using Spectre.Console;

// A log has no width: tables written to one must not wrap at the 80 columns Spectre assumes when output is redirected.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;

var root = new RootCommand("Counterforge: find the shortcuts an image classifier has learned with language-guided counterfactual images, then remove them.")
{
    DemoCommand.Create(),
    ScenesCommand.Create(),
};
foreach (var verb in StageCommands.Create()) root.Subcommands.Add(verb);
// With nothing to do, say what there is to do.
var parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
bool help = args.Any(a => a is "--help" or "-h" or "-?");
return parsed.Errors.Count > 0 && !help ? ParseErrors.Report(parsed, root) : parsed.Invoke();
