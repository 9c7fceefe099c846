using System.CommandLine;
using Counterforge.Cli.Commands;

var root = new RootCommand("Counterforge: find the shortcuts an image classifier has learned with language-guided counterfactual images, then remove them.")
{
    DemoCommand.Create(),
    ScenesCommand.Create(),
};
foreach (var verb in StageCommands.Create()) root.Subcommands.Add(verb);
return root.Parse(args).Invoke();
